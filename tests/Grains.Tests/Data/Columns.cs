using Google.Protobuf;
using OrleansVector.Grains.Interfaces.Protocol;

namespace OrleansVector.Grains.Tests.Data;

/// <summary>Wire columns (FieldData) as SDKs send them, for building test inserts.</summary>
internal static class Columns
{
    public static FieldData Int64(string name, params long[] values) =>
        new() { FieldName = name, Type = DataType.Int64, Scalars = new ScalarField { LongData = new LongArray { Data = { values } } } };

    public static FieldData Int32(string name, DataType type, params int[] values) =>
        new() { FieldName = name, Type = type, Scalars = new ScalarField { IntData = new IntArray { Data = { values } } } };

    public static FieldData Float(string name, params float[] values) =>
        new() { FieldName = name, Type = DataType.Float, Scalars = new ScalarField { FloatData = new FloatArray { Data = { values } } } };

    public static FieldData VarChar(string name, params string[] values) =>
        new() { FieldName = name, Type = DataType.VarChar, Scalars = new ScalarField { StringData = new StringArray { Data = { values } } } };

    public static FieldData Json(string name, params string[] documents) =>
        new() { FieldName = name, Type = DataType.Json, Scalars = new ScalarField { JsonData = new JSONArray { Data = { documents.Select(ByteString.CopyFromUtf8) } } } };

    public static FieldData Dynamic(params string[] documents)
    {
        var column = Json("$meta", documents);
        column.IsDynamic = true;
        return column;
    }

    public static FieldData Vectors(string name, int dim, float[] values) =>
        new() { FieldName = name, Type = DataType.FloatVector, Vectors = new VectorField { Dim = dim, FloatVector = new FloatArray { Data = { values } } } };

    /// <summary>A nullable column as SDKs send it: valid_data per row, data only for the valid rows.</summary>
    public static FieldData WithValidity(FieldData column, params bool[] valid)
    {
        column.ValidData.AddRange(valid);
        return column;
    }
}

using OrleansVector.Grains.Interfaces.Protocol;

namespace OrleansVector.Grains.Schema;

/// <summary>
/// The bytes one row of a schema takes, estimated as Milvus sizes segments: fixed-width fields at their width, vectors at
/// their dimension's bytes, VarChar at its max_length, and JSON, Array and sparse vectors at an assumed average.
/// </summary>
public static class RowSizeEstimate
{
    /// <summary>What a JSON, Array or sparse vector value is assumed to take (Milvus's default for variable-length fields).</summary>
    public const int VariableLengthBytes = 256;

    public static long BytesPerRow(CollectionSchema schema)
    {
        long bytes = 0;
        foreach (var field in schema.Fields)
        {
            bytes += FieldBytes(field);
        }
        return Math.Max(1, bytes);
    }

    private static long FieldBytes(FieldSchema field) => field.DataType switch
    {
        DataType.Bool or DataType.Int8 => 1,
        DataType.Int16 => 2,
        DataType.Int32 or DataType.Float => 4,
        DataType.Int64 or DataType.Double => 8,
        DataType.VarChar or DataType.String => long.TryParse(TypeParams.Find(field.TypeParams, TypeParams.MaxLength), out var max) ? max : VariableLengthBytes,
        DataType.FloatVector => 4L * TypeParams.Dimension(field),
        DataType.Float16Vector or DataType.Bfloat16Vector => 2L * TypeParams.Dimension(field),
        DataType.Int8Vector => TypeParams.Dimension(field),
        DataType.BinaryVector => TypeParams.Dimension(field) / 8,
        _ => VariableLengthBytes,
    };
}

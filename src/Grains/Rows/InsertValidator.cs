using System.Text.Json;
using Google.Protobuf;
using OrleansVector.Grains.Interfaces.Milvus;
using OrleansVector.Grains.Interfaces.Protocol;

namespace OrleansVector.Grains.Rows;

/// <summary>
/// Checks the columns of an insert or upsert against the collection schema before anything is written, as Milvus's proxy
/// does, and normalizes them (<see cref="ValidatedRows"/>). Every problem is a <see cref="MilvusException"/> with the
/// Milvus code and a message naming the field (and the row where one is at fault).
/// </summary>
internal static class InsertValidator
{
    /// <summary>Milvus's limit on one JSON value.</summary>
    public const int MaxJsonBytes = 65536;

    public static ValidatedRows Validate(SchemaView schema, IReadOnlyList<FieldData> columns, uint numRows, bool upsert)
    {
        if (numRows == 0)
        {
            throw Invalid("num_rows must be greater than 0: an insert needs at least one row.");
        }
        var rows = checked((int)numRows);
        var provided = ColumnsByField(schema, columns);
        var normalized = new List<FieldData>(schema.Fields.Count);
        foreach (var field in schema.Fields)
        {
            var present = provided.Remove(field.Name, out var column);
            if (field.IsFunctionOutput)
            {
                if (present)
                {
                    throw Invalid($"Field '{field.Name}' is the output of a function; its values are computed, not inserted.");
                }
                continue;
            }
            if (field.IsPrimaryKey && schema.AutoId && !upsert)
            {
                if (present && !schema.AllowInsertAutoId)
                {
                    throw Invalid($"Primary key field '{field.Name}' is auto-generated (autoID); leave it out of the insert.");
                }
                if (!present)
                {
                    continue;
                }
            }
            normalized.Add(present ? Normalize(field, column!, rows) : Fill(field, rows));
        }
        var keyColumn = normalized.FirstOrDefault(c => c.FieldName == schema.PrimaryKey.Name);
        var keys = keyColumn is null ? null : PrimaryKeys.FromColumn(keyColumn);
        if (keys?.FindDuplicate() is var (first, repeat))
        {
            throw Invalid($"Primary key field '{schema.PrimaryKey.Name}' holds {keys.Format(repeat)} in rows {first} and {repeat}; primary keys must be unique within one insert.");
        }
        return new ValidatedRows(rows, normalized, keys);
    }

    private static Dictionary<string, FieldData> ColumnsByField(SchemaView schema, IReadOnlyList<FieldData> columns)
    {
        var byName = new Dictionary<string, FieldData>(StringComparer.Ordinal);
        foreach (var column in columns)
        {
            var name = column.IsDynamic && schema.Dynamic is { } dynamic ? dynamic.Name : column.FieldName;
            if (string.IsNullOrEmpty(name) && column.FieldId != 0)
            {
                name = schema.Fields.FirstOrDefault(f => f.Id == column.FieldId)?.Name ?? "";
            }
            if (!schema.TryGetField(name, out _))
            {
                throw new MilvusException(MilvusErrorCode.FieldNotFound, column.IsDynamic || name == Query.Schema.FieldSchema.DynamicFieldName
                    ? $"Collection '{schema.Collection.Name}' does not enable dynamic fields, so the insert cannot carry a '$meta' column."
                    : $"Field '{name}' is not in the schema of collection '{schema.Collection.Name}'.");
            }
            if (!byName.TryAdd(name, column))
            {
                throw Invalid($"Field '{name}' appears more than once in the insert.");
            }
        }
        return byName;
    }

    /// <summary>A field the insert left out: nulls, its default value, or an empty <c>$meta</c> document per row.</summary>
    private static FieldData Fill(FieldSpec field, int rows)
    {
        if (!field.IsDynamic && !field.Nullable && field.Default is null)
        {
            throw new MilvusException(MilvusErrorCode.ParameterMissing, field.IsPrimaryKey
                ? $"Primary key field '{field.Name}' is missing from the insert."
                : $"Field '{field.Name}' is missing from the insert; it is neither nullable nor has a default value.");
        }
        var builder = FieldDataBuilder.For(field);
        var empty = new ValueField { BytesData = ByteString.CopyFromUtf8("{}") };
        for (var row = 0; row < rows; row++)
        {
            if (field.IsDynamic)
            {
                builder.AppendValue(empty);
            }
            else if (field.Default is { } value)
            {
                builder.AppendValue(value);
            }
            else
            {
                builder.AppendNull();
            }
        }
        return builder.Build();
    }

    private static FieldData Normalize(FieldSpec field, FieldData column, int rows)
    {
        if (column.Type != field.Type && !(column.Type == DataType.String && field.Type == DataType.VarChar))
        {
            throw Invalid($"Field '{field.Name}' is {field.Type} in the schema, but the insert sends {column.Type} data.");
        }
        return field.IsVector ? NormalizeVectors(field, column, rows) : NormalizeScalars(field, column, rows);
    }

    private static FieldData NormalizeVectors(FieldSpec field, FieldData column, int rows)
    {
        var vectors = column.Vectors ?? throw Invalid($"Field '{field.Name}' is a {field.Type} field, but the insert sends no vector data.");
        if (column.ValidData.Contains(false))
        {
            throw Invalid($"Vector field '{field.Name}' cannot hold nulls.");
        }
        var expected = ExpectedVectorCase(field.Type);
        if (vectors.DataCase != expected)
        {
            throw Invalid($"Field '{field.Name}' is {field.Type}, but the insert sends {vectors.DataCase} data.");
        }
        if (field.Type == DataType.SparseFloatVector)
        {
            CheckSparse(field, vectors.SparseFloatVector, rows);
        }
        else
        {
            CheckDenseVectors(field, vectors, rows);
        }
        var normalized = column.Clone();
        normalized.FieldName = field.Name;
        normalized.FieldId = field.Id;
        normalized.ValidData.Clear();
        if (field.Type != DataType.SparseFloatVector)
        {
            normalized.Vectors.Dim = field.Dim;
        }
        return normalized;
    }

    private static void CheckDenseVectors(FieldSpec field, VectorField vectors, int rows)
    {
        if (vectors.Dim != 0 && vectors.Dim != field.Dim)
        {
            throw Invalid($"The dim ({vectors.Dim}) of field '{field.Name}' in the insert is not the schema's dim ({field.Dim}).");
        }
        long perRow = field.Type switch
        {
            DataType.FloatVector => field.Dim,
            DataType.BinaryVector => field.Dim / 8,
            DataType.Int8Vector => field.Dim,
            _ => 2L * field.Dim,
        };
        long length = vectors.DataCase switch
        {
            VectorField.DataOneofCase.FloatVector => vectors.FloatVector.Data.Count,
            VectorField.DataOneofCase.BinaryVector => vectors.BinaryVector.Length,
            VectorField.DataOneofCase.Float16Vector => vectors.Float16Vector.Length,
            VectorField.DataOneofCase.Bfloat16Vector => vectors.Bfloat16Vector.Length,
            _ => vectors.Int8Vector.Length,
        };
        if (length != perRow * rows)
        {
            var unit = field.Type == DataType.FloatVector ? "floats" : "bytes";
            throw Invalid(length % Math.Max(perRow, 1) == 0
                ? $"Field '{field.Name}' holds {length / Math.Max(perRow, 1)} vectors of dim {field.Dim}, but num_rows is {rows}."
                : $"The dim of field '{field.Name}' does not match the schema's dim ({field.Dim}): {length} {unit} is not {rows} rows of {perRow} {unit}.");
        }
        if (vectors.DataCase == VectorField.DataOneofCase.FloatVector)
        {
            var data = vectors.FloatVector.Data;
            for (var i = 0; i < data.Count; i++)
            {
                if (!float.IsFinite(data[i]))
                {
                    throw Invalid($"Field '{field.Name}' row {i / field.Dim} holds a NaN or infinite value at position {i % field.Dim}.");
                }
            }
        }
    }

    private static void CheckSparse(FieldSpec field, SparseFloatArray sparse, int rows)
    {
        if (sparse.Contents.Count != rows)
        {
            throw Invalid($"Field '{field.Name}' holds {sparse.Contents.Count} sparse vectors, but num_rows is {rows}.");
        }
        for (var row = 0; row < rows; row++)
        {
            if (SparseVectors.Problem(sparse.Contents[row].Span) is { } problem)
            {
                throw Invalid($"Field '{field.Name}' row {row} is not a valid sparse vector: {problem}.");
            }
        }
    }

    private static FieldData NormalizeScalars(FieldSpec field, FieldData column, int rows)
    {
        var expected = ExpectedScalarCase(field.Type)
            ?? throw Invalid($"Field '{field.Name}' has type {field.Type}, which this server does not store yet.");
        var scalars = column.Scalars;
        if (scalars is null || scalars.DataCase != expected)
        {
            throw Invalid($"Field '{field.Name}' is {field.Type}, but the insert sends {(scalars is null ? column.FieldCase.ToString() : scalars.DataCase.ToString())} data.");
        }
        var count = scalars.ValueCount;
        var valid = column.ValidData;
        if (valid.Count != 0 && valid.Count != rows)
        {
            throw Invalid($"Field '{field.Name}' has {valid.Count} valid_data flags for {rows} rows.");
        }
        var validCount = valid.Count == 0 ? rows : valid.Count(v => v);
        var compacted = count != rows;
        if (count != rows && count != validCount)
        {
            throw Invalid($"Field '{field.Name}' holds {count} values, but num_rows is {rows}.");
        }
        if (validCount < rows && !field.Nullable && field.Default is null)
        {
            throw Invalid($"Field '{field.Name}' is not nullable, but valid_data marks row {valid.IndexOf(false)} null.");
        }
        var builder = FieldDataBuilder.For(field);
        var source = 0;
        for (var row = 0; row < rows; row++)
        {
            var isValid = valid.Count == 0 || valid[row];
            var index = compacted ? source : row;
            if (isValid)
            {
                CheckValue(field, scalars, index, row);
                builder.Append(column, index, valid: true);
            }
            else if (field.Default is { } value)
            {
                builder.AppendValue(value);
            }
            else
            {
                builder.AppendNull();
            }
            if (isValid || !compacted)
            {
                source++;
            }
        }
        var normalized = builder.Build();
        normalized.FieldName = field.Name;
        normalized.FieldId = field.Id;
        return normalized;
    }

    private static void CheckValue(FieldSpec field, ScalarField scalars, int index, int row)
    {
        switch (field.Type)
        {
            case DataType.Int8:
                CheckRange(field, scalars.IntData.Data[index], sbyte.MinValue, sbyte.MaxValue, row);
                break;
            case DataType.Int16:
                CheckRange(field, scalars.IntData.Data[index], short.MinValue, short.MaxValue, row);
                break;
            case DataType.VarChar or DataType.String:
                CheckLength(field, field.MaxLength, scalars.StringData.Data[index], row, "");
                break;
            case DataType.Json:
                CheckJson(field, scalars.JsonData.Data[index].Span, row);
                break;
            case DataType.Array:
                CheckArray(field, scalars.ArrayData.Data[index], row);
                break;
        }
    }

    private static void CheckRange(FieldSpec field, int value, int min, int max, int row)
    {
        if (value < min || value > max)
        {
            throw Invalid($"Field '{field.Name}' row {row} holds {value}, outside the {field.Type} range [{min}, {max}].");
        }
    }

    private static void CheckLength(FieldSpec field, int maxLength, string value, int row, string what)
    {
        if (maxLength <= 0)
        {
            return;
        }
        var length = value.EnumerateRunes().Count();
        if (length > maxLength)
        {
            throw Invalid($"The length ({length}) of VarChar field '{field.Name}'{what} in row {row} exceeds max_length ({maxLength}).");
        }
    }

    private static void CheckJson(FieldSpec field, ReadOnlySpan<byte> json, int row)
    {
        if (json.Length > MaxJsonBytes)
        {
            throw Invalid($"JSON field '{field.Name}' row {row} is {json.Length} bytes, over the limit of {MaxJsonBytes}.");
        }
        try
        {
            using var document = JsonDocument.Parse(json.ToArray());
            if (field.IsDynamic && document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw Invalid($"Dynamic field '{field.Name}' row {row} must be a JSON object of the keys outside the schema.");
            }
        }
        catch (JsonException e)
        {
            throw Invalid($"JSON field '{field.Name}' row {row} is not valid JSON: {e.Message}");
        }
    }

    private static void CheckArray(FieldSpec field, ScalarField array, int row)
    {
        if (array.DataCase != ExpectedScalarCase(field.ElementType))
        {
            throw Invalid($"Array field '{field.Name}' holds {field.ElementType} elements, but row {row} sends {array.DataCase}.");
        }
        var count = array.ValueCount;
        if (field.MaxCapacity > 0 && count > field.MaxCapacity)
        {
            throw Invalid($"Array field '{field.Name}' row {row} holds {count} elements, over max_capacity ({field.MaxCapacity}).");
        }
        if (array.DataCase == ScalarField.DataOneofCase.StringData)
        {
            foreach (var element in array.StringData.Data)
            {
                CheckLength(field, field.MaxLength, element, row, " (an element)");
            }
        }
        else if (field.ElementType is DataType.Int8 or DataType.Int16)
        {
            foreach (var element in array.IntData.Data)
            {
                CheckRange(field, element, field.ElementType == DataType.Int8 ? sbyte.MinValue : short.MinValue, field.ElementType == DataType.Int8 ? sbyte.MaxValue : short.MaxValue, row);
            }
        }
    }

    public static ScalarField.DataOneofCase? ExpectedScalarCase(DataType type) => type switch
    {
        DataType.Bool => ScalarField.DataOneofCase.BoolData,
        DataType.Int8 or DataType.Int16 or DataType.Int32 => ScalarField.DataOneofCase.IntData,
        DataType.Int64 => ScalarField.DataOneofCase.LongData,
        DataType.Float => ScalarField.DataOneofCase.FloatData,
        DataType.Double => ScalarField.DataOneofCase.DoubleData,
        DataType.VarChar or DataType.String => ScalarField.DataOneofCase.StringData,
        DataType.Json => ScalarField.DataOneofCase.JsonData,
        DataType.Array => ScalarField.DataOneofCase.ArrayData,
        _ => null,
    };

    private static VectorField.DataOneofCase ExpectedVectorCase(DataType type) => type switch
    {
        DataType.FloatVector => VectorField.DataOneofCase.FloatVector,
        DataType.BinaryVector => VectorField.DataOneofCase.BinaryVector,
        DataType.Float16Vector => VectorField.DataOneofCase.Float16Vector,
        DataType.Bfloat16Vector => VectorField.DataOneofCase.Bfloat16Vector,
        DataType.Int8Vector => VectorField.DataOneofCase.Int8Vector,
        _ => VectorField.DataOneofCase.SparseFloatVector,
    };

    private static MilvusException Invalid(string message) => new(MilvusErrorCode.ParameterInvalid, message);
}

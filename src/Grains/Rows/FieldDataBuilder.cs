using System.Buffers;
using Google.Protobuf;
using OrleansVector.Grains.Interfaces.Protocol;

namespace OrleansVector.Grains.Rows;

/// <summary>
/// Builds one column in Milvus's wire layout (<see cref="FieldData"/>) row by row, copying rows out of other columns of
/// the same field: routing splits an insert by shard and partition with it, segments gather result rows with it, and
/// reductions concatenate shards' results. Nullable columns come out full-length with one valid_data flag per row (null
/// rows hold a placeholder), as Milvus returns them.
/// </summary>
internal sealed class FieldDataBuilder
{
    private readonly FieldData _template;
    private readonly bool _nullable;
    private readonly List<bool> _valid = [];
    private readonly ArrayBufferWriter<byte> _vectorBytes = new();
    private readonly ScalarField? _scalars;
    private readonly VectorField? _vectors;
    private SparseFloatArray? _sparse;
    private int _rows;

    /// <param name="template">Type, name, id and (for vectors) dimension of the column; its data is not copied.</param>
    /// <param name="nullable">Whether the column carries valid_data.</param>
    public FieldDataBuilder(FieldData template, bool nullable)
    {
        _template = new FieldData { Type = template.Type, FieldName = template.FieldName, FieldId = template.FieldId, IsDynamic = template.IsDynamic };
        _nullable = nullable;
        if (template.FieldCase == FieldData.FieldOneofCase.Vectors)
        {
            _vectors = new VectorField { Dim = template.Vectors.Dim };
        }
        else
        {
            _scalars = EmptyScalars(template);
        }
    }

    public int RowCount => _rows;

    /// <summary>An empty column of a schema field.</summary>
    public static FieldDataBuilder For(FieldSpec field) => new(field.Template, field.Nullable);

    /// <summary>Copies row <paramref name="row"/> of <paramref name="source"/> (a column of the same field, full-length layout).</summary>
    public void Append(FieldData source, int row) => Append(source, row, source.ValidData.Count == 0 || source.ValidData[row]);

    /// <summary>Copies the value at <paramref name="row"/> of <paramref name="source"/>'s data with the given validity.</summary>
    public void Append(FieldData source, int row, bool valid)
    {
        if (_vectors is not null)
        {
            AppendVector(source.Vectors, row);
        }
        else
        {
            AppendScalar(source.Scalars, row);
        }
        if (_nullable)
        {
            _valid.Add(valid);
        }
        _rows++;
    }

    /// <summary>Copies every row of <paramref name="source"/>.</summary>
    public void AppendAll(FieldData source, int rowCount)
    {
        for (var row = 0; row < rowCount; row++)
        {
            Append(source, row);
        }
    }

    /// <summary>A null row: a placeholder value with valid_data false.</summary>
    public void AppendNull()
    {
        if (!_nullable || _scalars is null)
        {
            throw new InvalidOperationException($"Column '{_template.FieldName}' cannot hold nulls.");
        }
        AppendPlaceholder(_scalars);
        _valid.Add(false);
        _rows++;
    }

    /// <summary>A row holding a schema default value.</summary>
    public void AppendValue(ValueField value)
    {
        var scalars = _scalars ?? throw new InvalidOperationException($"Vector column '{_template.FieldName}' has no default values.");
        switch (scalars.DataCase)
        {
            case ScalarField.DataOneofCase.BoolData: scalars.BoolData.Data.Add(value.BoolData); break;
            case ScalarField.DataOneofCase.IntData: scalars.IntData.Data.Add(value.IntData); break;
            case ScalarField.DataOneofCase.LongData: scalars.LongData.Data.Add(value.LongData); break;
            case ScalarField.DataOneofCase.FloatData: scalars.FloatData.Data.Add(value.FloatData); break;
            case ScalarField.DataOneofCase.DoubleData: scalars.DoubleData.Data.Add(value.DoubleData); break;
            case ScalarField.DataOneofCase.StringData: scalars.StringData.Data.Add(value.StringData); break;
            case ScalarField.DataOneofCase.JsonData: scalars.JsonData.Data.Add(value.BytesData); break;
            default: throw new InvalidOperationException($"Column '{_template.FieldName}' of type {_template.Type} has no default values.");
        }
        if (_nullable)
        {
            _valid.Add(true);
        }
        _rows++;
    }

    /// <summary>The column built so far; it takes over the builder's buffers, so call it once, after the last row.</summary>
    public FieldData Build()
    {
        var result = _template;
        if (_vectors is not null)
        {
            var vectors = _vectors;
            var bytes = ByteString.CopyFrom(_vectorBytes.WrittenSpan);
            switch (_template.Type)
            {
                case DataType.BinaryVector: vectors.BinaryVector = bytes; break;
                case DataType.Float16Vector: vectors.Float16Vector = bytes; break;
                case DataType.Bfloat16Vector: vectors.Bfloat16Vector = bytes; break;
                case DataType.Int8Vector: vectors.Int8Vector = bytes; break;
                case DataType.SparseFloatVector: vectors.SparseFloatVector = _sparse ?? new SparseFloatArray(); break;
                default: vectors.FloatVector ??= new FloatArray(); break;
            }
            result.Vectors = vectors;
        }
        else
        {
            result.Scalars = _scalars!;
        }
        if (_nullable)
        {
            result.ValidData.AddRange(_valid);
        }
        return result;
    }

    private void AppendVector(VectorField source, int row)
    {
        var dim = (int)_vectors!.Dim;
        switch (source.DataCase)
        {
            case VectorField.DataOneofCase.FloatVector:
                _vectors.FloatVector ??= new FloatArray();
                for (var i = row * dim; i < (row + 1) * dim; i++)
                {
                    _vectors.FloatVector.Data.Add(source.FloatVector.Data[i]);
                }
                break;
            case VectorField.DataOneofCase.SparseFloatVector:
                _sparse ??= new SparseFloatArray();
                var content = source.SparseFloatVector.Contents[row];
                _sparse.Contents.Add(content);
                _sparse.Dim = Math.Max(_sparse.Dim, SparseVectors.DimensionOf(content.Span));
                break;
            default:
                var bytes = VectorBytes(source);
                var stride = bytes.Length / Math.Max(1, RowsOf(source, dim));
                _vectorBytes.Write(bytes.Slice(row * stride, stride));
                break;
        }
    }

    private static ReadOnlySpan<byte> VectorBytes(VectorField source) => source.DataCase switch
    {
        VectorField.DataOneofCase.BinaryVector => source.BinaryVector.Span,
        VectorField.DataOneofCase.Float16Vector => source.Float16Vector.Span,
        VectorField.DataOneofCase.Bfloat16Vector => source.Bfloat16Vector.Span,
        VectorField.DataOneofCase.Int8Vector => source.Int8Vector.Span,
        _ => throw new InvalidOperationException($"Vector payload {source.DataCase} is not a byte payload."),
    };

    private static int RowsOf(VectorField source, int dim) => source.DataCase switch
    {
        VectorField.DataOneofCase.BinaryVector => source.BinaryVector.Length / (dim / 8),
        VectorField.DataOneofCase.Int8Vector => source.Int8Vector.Length / dim,
        _ => VectorBytes(source).Length / (2 * dim),
    };

    private void AppendScalar(ScalarField source, int row)
    {
        var target = _scalars!;
        switch (source.DataCase)
        {
            case ScalarField.DataOneofCase.BoolData: target.BoolData.Data.Add(source.BoolData.Data[row]); break;
            case ScalarField.DataOneofCase.IntData: target.IntData.Data.Add(source.IntData.Data[row]); break;
            case ScalarField.DataOneofCase.LongData: target.LongData.Data.Add(source.LongData.Data[row]); break;
            case ScalarField.DataOneofCase.FloatData: target.FloatData.Data.Add(source.FloatData.Data[row]); break;
            case ScalarField.DataOneofCase.DoubleData: target.DoubleData.Data.Add(source.DoubleData.Data[row]); break;
            case ScalarField.DataOneofCase.StringData: target.StringData.Data.Add(source.StringData.Data[row]); break;
            case ScalarField.DataOneofCase.JsonData: target.JsonData.Data.Add(source.JsonData.Data[row]); break;
            case ScalarField.DataOneofCase.ArrayData: target.ArrayData.Data.Add(source.ArrayData.Data[row]); break;
            default: throw new InvalidOperationException($"Column '{_template.FieldName}' holds an unsupported payload {source.DataCase}.");
        }
    }

    private static void AppendPlaceholder(ScalarField target)
    {
        switch (target.DataCase)
        {
            case ScalarField.DataOneofCase.BoolData: target.BoolData.Data.Add(false); break;
            case ScalarField.DataOneofCase.IntData: target.IntData.Data.Add(0); break;
            case ScalarField.DataOneofCase.LongData: target.LongData.Data.Add(0); break;
            case ScalarField.DataOneofCase.FloatData: target.FloatData.Data.Add(0); break;
            case ScalarField.DataOneofCase.DoubleData: target.DoubleData.Data.Add(0); break;
            case ScalarField.DataOneofCase.StringData: target.StringData.Data.Add(""); break;
            case ScalarField.DataOneofCase.JsonData: target.JsonData.Data.Add(ByteString.Empty); break;
            case ScalarField.DataOneofCase.ArrayData: target.ArrayData.Data.Add(new ScalarField()); break;
        }
    }

    private static ScalarField EmptyScalars(FieldData template) => template.Type switch
    {
        DataType.Bool => new ScalarField { BoolData = new BoolArray() },
        DataType.Int8 or DataType.Int16 or DataType.Int32 => new ScalarField { IntData = new IntArray() },
        DataType.Int64 => new ScalarField { LongData = new LongArray() },
        DataType.Float => new ScalarField { FloatData = new FloatArray() },
        DataType.Double => new ScalarField { DoubleData = new DoubleArray() },
        DataType.String or DataType.VarChar or DataType.Text => new ScalarField { StringData = new StringArray() },
        DataType.Json => new ScalarField { JsonData = new JSONArray() },
        DataType.Array => new ScalarField { ArrayData = new ArrayArray { ElementType = template.Scalars?.ArrayData?.ElementType ?? DataType.None } },
        _ => throw new ArgumentException($"Field '{template.FieldName}' has type {template.Type}, which columns of this kind cannot hold.", nameof(template)),
    };
}

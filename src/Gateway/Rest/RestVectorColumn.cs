using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Google.Protobuf;
using OrleansVector.Grains.Interfaces.Protocol;

namespace OrleansVector.Gateway.Rest;

/// <summary>One vector column of REST rows while they are read: every row encoded into one buffer (sparse: one row each).</summary>
internal sealed class RestVectorColumn(FieldSchema field)
{
    private readonly DataType _type = field.DataType;
    private readonly long _dim = RestVectors.Dimension(field);
    private readonly ArrayBufferWriter<byte> _rows = new();
    private readonly SparseFloatArray _sparse = new();

    public void Add(JsonNode? value, string name)
    {
        if (_type != DataType.SparseFloatVector)
        {
            RestVectors.Write(_rows, _type, _dim, value, name);
            return;
        }
        _rows.ResetWrittenCount();
        RestVectors.Write(_rows, _type, _dim, value, name);
        var row = ByteString.CopyFrom(_rows.WrittenSpan);
        _sparse.Contents.Add(row);
        // A sparse column's dim is one more than the largest index of any row (the last pair: rows are sorted).
        if (row.Length > 0)
        {
            _sparse.Dim = Math.Max(_sparse.Dim, (long)BinaryPrimitives.ReadUInt32LittleEndian(row.Span[^8..]) + 1);
        }
    }

    public VectorField Build()
    {
        var written = _rows.WrittenSpan;
        var vectors = new VectorField { Dim = _dim };
        switch (_type)
        {
            case DataType.FloatVector:
                vectors.FloatVector = new FloatArray { Data = { MemoryMarshal.Cast<byte, float>(written).ToArray() } };
                break;
            case DataType.BinaryVector:
                vectors.BinaryVector = ByteString.CopyFrom(written);
                break;
            case DataType.Float16Vector:
                vectors.Float16Vector = ByteString.CopyFrom(written);
                break;
            case DataType.Bfloat16Vector:
                vectors.Bfloat16Vector = ByteString.CopyFrom(written);
                break;
            case DataType.Int8Vector:
                vectors.Int8Vector = ByteString.CopyFrom(written);
                break;
            default:
                vectors.Dim = _sparse.Dim;
                vectors.SparseFloatVector = _sparse;
                break;
        }
        return vectors;
    }
}

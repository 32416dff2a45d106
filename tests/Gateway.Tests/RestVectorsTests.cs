using System.Buffers;
using System.Text.Json.Nodes;
using Google.Protobuf;
using OrleansVector.Gateway.Rest;
using OrleansVector.Grains.Interfaces.Milvus;
using OrleansVector.Grains.Interfaces.Protocol;

namespace OrleansVector.Gateway.Tests;

/// <summary>Vectors of every type in Milvus's REST JSON forms, to the protocol's bytes and back.</summary>
public sealed class RestVectorsTests
{
    private static byte[] Write(DataType type, long dim, string json)
    {
        var output = new ArrayBufferWriter<byte>();
        RestVectors.Write(output, type, dim, JsonNode.Parse(json), "data[0].v");
        return output.WrittenSpan.ToArray();
    }

    private static byte[] Halves(params Half[] values) => values.SelectMany(v => BitConverter.GetBytes(BitConverter.HalfToUInt16Bits(v))).ToArray();

    [Fact]
    public void Binary_vectors_are_dim_over_8_bytes_given_as_numbers_or_base64_and_come_back_as_base64()
    {
        var fromNumbers = Write(DataType.BinaryVector, 16, "[5, 255]");
        var fromBase64 = Write(DataType.BinaryVector, 16, "\"Bf8=\"");

        Assert.Equal([5, 255], fromNumbers);
        Assert.Equal(fromNumbers, fromBase64);
        var column = new VectorField { Dim = 16, BinaryVector = ByteString.CopyFrom([1, 2, 5, 255]) };
        Assert.Equal(2, RestVectors.RowCount(column));
        Assert.Equal("Bf8=", RestVectors.Render(column, 1)!.GetValue<string>());
    }

    [Fact]
    public void Float16_and_bfloat16_take_numbers_rounded_to_the_type_or_base64_of_the_elements()
    {
        var half = Write(DataType.Float16Vector, 3, "[1, -2, 0.5]");
        var brain = Write(DataType.Bfloat16Vector, 3, "[1, -2, 0.5]");

        Assert.Equal(Halves((Half)1, (Half)(-2), (Half)0.5), half);
        Assert.Equal([0x80, 0x3F, 0x00, 0xC0, 0x00, 0x3F], brain); // the upper halves of the float32 bits, little-endian
        Assert.Equal(half, Write(DataType.Float16Vector, 3, $"\"{Convert.ToBase64String(half)}\""));
        var column = new VectorField { Dim = 3, Bfloat16Vector = ByteString.CopyFrom(brain) };
        Assert.Equal(Convert.ToBase64String(brain), RestVectors.Render(column, 0)!.GetValue<string>());
    }

    [Fact]
    public void Int8_vectors_are_signed_bytes_in_and_out()
    {
        var bytes = Write(DataType.Int8Vector, 3, "[-128, -1, 127]");

        Assert.Equal([0x80, 0xFF, 0x7F], bytes);
        var rendered = RestVectors.Render(new VectorField { Dim = 3, Int8Vector = ByteString.CopyFrom(bytes) }, 0)!.AsArray();
        Assert.Equal([-128, -1, 127], rendered.Select(n => (int)n!));
        Assert.Throws<RestParameterException>(() => Write(DataType.Int8Vector, 3, "[-129, 0, 0]"));
    }

    [Fact]
    public void Sparse_rows_in_either_json_form_become_index_sorted_pairs_and_come_back_as_an_index_map()
    {
        var fromMap = Write(DataType.SparseFloatVector, 0, """{"30": 0.5, "2": 1.25}""");
        var fromLists = Write(DataType.SparseFloatVector, 0, """{"indices": [30, 2], "values": [0.5, 1.25]}""");

        Assert.Equal([2, 0, 0, 0, .. BitConverter.GetBytes(1.25f), 30, 0, 0, 0, .. BitConverter.GetBytes(0.5f)], fromMap);
        Assert.Equal(fromMap, fromLists);
        var column = new VectorField { Dim = 31, SparseFloatVector = new SparseFloatArray { Dim = 31, Contents = { ByteString.CopyFrom(fromMap) } } };
        Assert.Equal(1, RestVectors.RowCount(column));
        Assert.Equal("""{"2":1.25,"30":0.5}""", RestVectors.Render(column, 0)!.ToJsonString());
        var duplicate = Assert.Throws<MilvusException>(() => Write(DataType.SparseFloatVector, 0, """{"indices": [3, 3], "values": [1, 2]}"""));
        Assert.Contains("index 3 twice", duplicate.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_vector_of_the_wrong_length_or_form_is_refused_naming_the_row()
    {
        var shortFloat = Assert.Throws<MilvusException>(() => Write(DataType.FloatVector, 4, "[1, 2, 3]"));
        var shortBinary = Assert.Throws<MilvusException>(() => Write(DataType.BinaryVector, 16, "[1]"));
        var badBase64 = Assert.Throws<RestParameterException>(() => Write(DataType.Float16Vector, 4, "\"AAAA\""));
        var notVector = Assert.Throws<RestParameterException>(() => Write(DataType.BinaryVector, 16, "{\"a\": 1}"));

        Assert.Equal(MilvusErrorCode.ParameterInvalid, shortFloat.Code);
        Assert.Contains("data[0].v has 3 elements; the field's dim 4 needs 4", shortFloat.Message, StringComparison.Ordinal);
        Assert.Contains("needs 2", shortBinary.Message, StringComparison.Ordinal);
        Assert.Contains("base64 of 8 bytes", badBase64.Message, StringComparison.Ordinal);
        Assert.Contains("'data[0].v'", notVector.Message, StringComparison.Ordinal);
    }
}

using Google.Protobuf;

namespace OrleansVector.Gateway.Rest;

/// <summary>
/// Serializes Milvus's common.PlaceholderGroup, the bytes of SearchRequest.placeholder_group: one PlaceholderValue
/// {tag = 1: "$0", type = 2: FloatVector (101), values = 3: one little-endian float32 vector per query}, as the SDKs send it.
/// </summary>
public static class PlaceholderGroupWriter
{
    /// <summary>The tag Milvus hard-codes for the one placeholder of a search.</summary>
    public const string Tag = "$0";

    private const int FloatVectorType = 101;

    public static ByteString FloatVectors(IReadOnlyList<ByteString> queries)
    {
        using var value = new MemoryStream();
        using (var output = new CodedOutputStream(value, leaveOpen: true))
        {
            output.WriteTag(1, WireFormat.WireType.LengthDelimited);
            output.WriteString(Tag);
            output.WriteTag(2, WireFormat.WireType.Varint);
            output.WriteEnum(FloatVectorType);
            foreach (var query in queries)
            {
                output.WriteTag(3, WireFormat.WireType.LengthDelimited);
                output.WriteBytes(query);
            }
        }
        using var group = new MemoryStream();
        using (var output = new CodedOutputStream(group, leaveOpen: true))
        {
            output.WriteTag(1, WireFormat.WireType.LengthDelimited);
            output.WriteBytes(ByteString.CopyFrom(value.GetBuffer(), 0, (int)value.Length));
        }
        return ByteString.CopyFrom(group.GetBuffer(), 0, (int)group.Length);
    }
}

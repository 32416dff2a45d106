using System.Text;

namespace OrleansVector.Gateway.Http2;

/// <summary>
/// The decoded strings of recent literals that were not added to the dynamic table, by their encoded octets.
/// nghttp2 (grpc-js) sends :path (without indexing) and authorization (never indexed) as Huffman-coded literals on every
/// request, and a connection calls few methods: a hit returns the earlier string instance instead of decoding and
/// allocating again. Literals with incremental indexing do not come here: the table keeps them.
/// </summary>
internal sealed class HpackLiteralCache
{
    private const int Capacity = 16;

    /// <summary>Longer literals are decoded every time: they are rarely repeated, and the cache stays small.</summary>
    private const int MaxEncodedLength = 128;

    private readonly byte[][] _encoded = new byte[Capacity][];
    private readonly bool[] _huffman = new bool[Capacity];
    private readonly string[] _decoded = new string[Capacity];
    private int _next;

    /// <summary>The string <paramref name="octets"/> (Huffman-coded or raw) stand for.</summary>
    public string GetOrDecode(ReadOnlySpan<byte> octets, bool huffman)
    {
        if (octets.Length > MaxEncodedLength)
            return Decode(octets, huffman);
        for (var slot = 0; slot < Capacity; slot++)
        {
            var encoded = _encoded[slot];
            if (encoded is not null && _huffman[slot] == huffman && octets.SequenceEqual(encoded))
                return _decoded[slot];
        }
        var decoded = Decode(octets, huffman);
        _encoded[_next] = octets.ToArray();
        _huffman[_next] = huffman;
        _decoded[_next] = decoded;
        _next = (_next + 1) % Capacity;
        return decoded;
    }

    public static string Decode(ReadOnlySpan<byte> octets, bool huffman) =>
        huffman ? HpackHuffman.DecodeString(octets) : Encoding.Latin1.GetString(octets);
}

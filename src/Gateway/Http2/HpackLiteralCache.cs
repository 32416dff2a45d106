using System.Text;

namespace OrleansVector.Gateway.Http2;

/// <summary>
/// The decoded strings of recent literals that were not added to the dynamic table, by their encoded octets.
/// nghttp2 (grpc-js) sends :path (without indexing) and authorization (never indexed) as Huffman-coded literals on every
/// request, and a connection calls few methods: a hit returns the earlier string instance instead of decoding and
/// allocating again. Literals with incremental indexing do not come here: the table keeps them. Replacement is a clock
/// (second chance): a slot hit since the hand last passed is spared, so a value that changes on every request (a
/// grpc-timeout sent without indexing) cycles through the unused slots instead of pushing out the repeated ones.
/// </summary>
internal sealed class HpackLiteralCache
{
    private const int Capacity = 16;

    /// <summary>Longer literals are decoded every time: they are rarely repeated, and the cache stays small.</summary>
    private const int MaxEncodedLength = 128;

    private readonly Slot[] _slots = new Slot[Capacity];
    private int _hand;

    /// <summary>The string <paramref name="octets"/> (Huffman-coded or raw) stand for.</summary>
    public string GetOrDecode(ReadOnlySpan<byte> octets, bool huffman)
    {
        if (octets.Length > MaxEncodedLength)
            return Decode(octets, huffman);
        foreach (ref var slot in _slots.AsSpan())
        {
            if (slot.Encoded is not null && slot.Huffman == huffman && octets.SequenceEqual(slot.Encoded))
            {
                slot.Used = true;
                return slot.Decoded;
            }
        }
        var decoded = Decode(octets, huffman);
        // At most one full turn: by then every flag passed is cleared.
        while (_slots[_hand].Used)
        {
            _slots[_hand].Used = false;
            _hand = (_hand + 1) % Capacity;
        }
        _slots[_hand] = new Slot { Encoded = octets.ToArray(), Huffman = huffman, Decoded = decoded };
        _hand = (_hand + 1) % Capacity;
        return decoded;
    }

    public static string Decode(ReadOnlySpan<byte> octets, bool huffman) =>
        huffman ? HpackHuffman.DecodeString(octets) : Encoding.Latin1.GetString(octets);

    private struct Slot
    {
        public byte[]? Encoded;
        public bool Huffman;
        public string Decoded;
        /// <summary>Hit since the clock's hand last passed.</summary>
        public bool Used;
    }
}

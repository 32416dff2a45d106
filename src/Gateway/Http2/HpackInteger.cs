namespace OrleansVector.Gateway.Http2;

/// <summary>RFC 7541 5.1 integers: an N-bit prefix in the first octet, then 7 bits per continuation octet, least significant first.</summary>
internal static class HpackInteger
{
    /// <summary>The longest encoding of a non-negative int: the prefix octet and five continuation octets.</summary>
    public const int MaxLength = 6;

    /// <summary>
    /// Reads the integer whose prefix is the low <paramref name="prefixBits"/> bits of <c>block[position]</c> and moves
    /// <paramref name="position"/> past it.
    /// </summary>
    /// <exception cref="HpackException">The block ends inside the integer, or it exceeds <see cref="int.MaxValue"/>.</exception>
    public static int Read(ReadOnlySpan<byte> block, ref int position, int prefixBits)
    {
        var prefixMax = (1 << prefixBits) - 1;
        var value = block[position++] & prefixMax;
        return value < prefixMax ? value : ReadContinuation(block, ref position, value);
    }

    /// <summary>The continuation octets after a full prefix: rare (indexes and lengths of 127 and more), so kept out of the inlined path.</summary>
    private static int ReadContinuation(ReadOnlySpan<byte> block, ref int position, int value)
    {
        for (var shift = 0; ; shift += 7)
        {
            if (position >= block.Length)
                throw new HpackException("HPACK integer is truncated: the header block ends inside its continuation octets");
            var octet = block[position++];
            // Past 4 continuation octets (28 bits) the value cannot fit an int; this also bounds the loop.
            var sum = shift <= 28 ? value + ((long)(octet & 0x7F) << shift) : long.MaxValue;
            if (sum > int.MaxValue)
                throw new HpackException($"HPACK integer exceeds {int.MaxValue}");
            value = (int)sum;
            if ((octet & 0x80) == 0)
                return value;
        }
    }

    /// <summary>
    /// Writes <paramref name="value"/> with a <paramref name="prefixBits"/>-bit prefix; <paramref name="flags"/> are the
    /// first octet's bits above the prefix. Returns the octets written (at most <see cref="MaxLength"/>).
    /// </summary>
    public static int Write(Span<byte> destination, int value, int prefixBits, byte flags)
    {
        var prefixMax = (1 << prefixBits) - 1;
        if (value < prefixMax)
        {
            destination[0] = (byte)(flags | value);
            return 1;
        }
        destination[0] = (byte)(flags | prefixMax);
        var rest = (uint)(value - prefixMax);
        var written = 1;
        for (; rest >= 0x80; rest >>= 7)
            destination[written++] = (byte)(rest | 0x80);
        destination[written++] = (byte)rest;
        return written;
    }
}

using System.Buffers;
using System.Text;

namespace OrleansVector.Gateway.Http2;

/// <summary>
/// Decodes HPACK's Huffman-coded string literals (RFC 7541 5.2, Appendix B). The code is canonical: codes are assigned
/// in order of (length, symbol), so the 257 code lengths are the whole table. Decoding reads a 32-bit window: codes of
/// at most 8 bits come from a 256-entry lookup on the window's top octet, longer ones from the per-length limits.
/// </summary>
internal static class HpackHuffman
{
    public const int EndOfString = 256;
    private const int MaxCodeLength = 30;
    private const int LookupBits = 8;

    /// <summary>RFC 7541 Appendix B: the code length in bits of each symbol 0..255 and of EOS (256).</summary>
    public static ReadOnlySpan<byte> CodeLengths =>
    [
        13, 23, 28, 28, 28, 28, 28, 28, 28, 24, 30, 28, 28, 30, 28, 28, // 0..15
        28, 28, 28, 28, 28, 28, 30, 28, 28, 28, 28, 28, 28, 28, 28, 28, // 16..31
        6, 10, 10, 12, 13, 6, 8, 11, 10, 10, 8, 11, 8, 6, 6, 6, // 32..47
        5, 5, 5, 6, 6, 6, 6, 6, 6, 6, 7, 8, 15, 6, 12, 10, // 48..63
        13, 6, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, // 64..79
        7, 7, 7, 7, 7, 7, 7, 7, 8, 7, 8, 13, 19, 13, 14, 6, // 80..95
        15, 5, 6, 5, 6, 5, 6, 6, 6, 5, 7, 7, 6, 6, 6, 5, // 96..111
        6, 7, 6, 5, 5, 6, 7, 7, 7, 7, 7, 15, 11, 14, 13, 28, // 112..127
        20, 22, 20, 20, 22, 22, 22, 23, 22, 23, 23, 23, 23, 23, 24, 23, // 128..143
        24, 24, 22, 23, 24, 23, 23, 23, 23, 21, 22, 23, 22, 23, 23, 24, // 144..159
        22, 21, 20, 22, 22, 23, 23, 21, 23, 22, 22, 24, 21, 22, 23, 23, // 160..175
        21, 21, 22, 21, 23, 22, 23, 23, 20, 22, 22, 22, 23, 22, 22, 23, // 176..191
        26, 26, 20, 19, 22, 23, 22, 25, 26, 26, 26, 27, 27, 26, 24, 25, // 192..207
        19, 21, 26, 27, 27, 26, 27, 24, 21, 21, 26, 26, 28, 27, 27, 27, // 208..223
        20, 24, 20, 21, 22, 21, 21, 23, 22, 22, 25, 25, 24, 24, 26, 23, // 224..239
        26, 27, 26, 26, 27, 27, 27, 27, 27, 28, 27, 27, 27, 27, 27, 26, // 240..255
        30, // EOS
    ];

    /// <summary>Per length L: the first canonical code of length L.</summary>
    private static readonly uint[] FirstCode = new uint[MaxCodeLength + 1];

    /// <summary>Per length L: the first code past those of length L, left-justified in 32 bits (a window below it has a code of length at most L).</summary>
    private static readonly ulong[] Limit = new ulong[MaxCodeLength + 1];

    /// <summary>Per length L: where the symbols of length L start in <see cref="SymbolsByCode"/>.</summary>
    private static readonly int[] FirstSymbol = new int[MaxCodeLength + 1];

    /// <summary>The symbols in canonical code order: by length, then by symbol.</summary>
    private static readonly ushort[] SymbolsByCode = new ushort[EndOfString + 1];

    /// <summary>Per top octet of the window: length &lt;&lt; 9 | symbol of the code of at most 8 bits it starts with, else 0.</summary>
    private static readonly ushort[] ShortCodes = new ushort[1 << LookupBits];

    static HpackHuffman()
    {
        var lengths = CodeLengths;
        var next = 0;
        uint code = 0;
        for (var length = 1; length <= MaxCodeLength; length++)
        {
            FirstCode[length] = code;
            FirstSymbol[length] = next;
            for (var symbol = 0; symbol <= EndOfString; symbol++)
            {
                if (lengths[symbol] != length)
                    continue;
                SymbolsByCode[next++] = (ushort)symbol;
                if (length <= LookupBits)
                {
                    var first = (int)(code << (LookupBits - length));
                    ShortCodes.AsSpan(first, 1 << (LookupBits - length)).Fill((ushort)(length << 9 | symbol));
                }
                code++;
            }
            Limit[length] = (ulong)code << (32 - length);
            code <<= 1;
        }
    }

    /// <summary>The octets <paramref name="encoded"/> codes for, as a Latin-1 string.</summary>
    /// <exception cref="HpackException">The string holds EOS, or its padding is longer than 7 bits or not all ones.</exception>
    public static string DecodeString(ReadOnlySpan<byte> encoded)
    {
        // Every code has at least 5 bits.
        var maxLength = (int)((long)encoded.Length * 8 / 5);
        byte[]? rented = null;
        Span<byte> scratch = maxLength <= 256 ? stackalloc byte[256] : (rented = ArrayPool<byte>.Shared.Rent(maxLength));
        try
        {
            return Encoding.Latin1.GetString(scratch[..Decode(encoded, scratch)]);
        }
        finally
        {
            if (rented is not null)
                ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Decodes <paramref name="encoded"/> into <paramref name="destination"/> (room for <c>encoded.Length * 8 / 5</c> octets); returns the octets written.</summary>
    public static int Decode(ReadOnlySpan<byte> encoded, Span<byte> destination)
    {
        // Unread bits, left-justified; the bits below the count are zero.
        ulong bits = 0;
        var bitCount = 0;
        var position = 0;
        var written = 0;
        while (true)
        {
            for (; bitCount <= 56 && position < encoded.Length; bitCount += 8)
                bits |= (ulong)encoded[position++] << (56 - bitCount);
            if (bitCount == 0)
                return written;
            // Past the end the window reads ones, so padding (a prefix of EOS) decodes as EOS, longer than what is left.
            var window = (uint)(bits >> 32) | (bitCount < 32 ? uint.MaxValue >> bitCount : 0);
            var (length, symbol) = DecodeSymbol(window);
            if (length > bitCount)
            {
                if (bitCount > 7)
                    throw new HpackException($"Huffman string ends with {bitCount} bits that are not a whole code; padding is at most 7 bits");
                if (bits >> (64 - bitCount) != (1UL << bitCount) - 1)
                    throw new HpackException("Huffman string padding is not all ones (a prefix of EOS)");
                return written;
            }
            if (symbol == EndOfString)
                throw new HpackException("Huffman string contains the EOS symbol");
            destination[written++] = (byte)symbol;
            bits <<= length;
            bitCount -= length;
        }
    }

    /// <summary>The length and symbol of the code <paramref name="window"/> starts with.</summary>
    private static (int Length, int Symbol) DecodeSymbol(uint window)
    {
        var shortCode = ShortCodes[window >> (32 - LookupBits)];
        if (shortCode != 0)
            return (shortCode >> 9, shortCode & 0x1FF);
        var length = LookupBits + 1;
        while (window >= Limit[length])
            length++;
        var offset = (window >> (32 - length)) - FirstCode[length];
        return (length, SymbolsByCode[FirstSymbol[length] + (int)offset]);
    }
}

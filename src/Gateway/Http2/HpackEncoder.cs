using System.Buffers;
using System.Text;

namespace OrleansVector.Gateway.Http2;

/// <summary>
/// Writes the header fields of a block we send. It never adds to the peer's dynamic table, so it keeps no state, and
/// writes strings without Huffman coding: literals without indexing, names from the static table where it has them.
/// </summary>
public static class HpackEncoder
{
    /// <summary>A field that is a static table entry, name and value (RFC 7541 6.1).</summary>
    public static void WriteIndexed(IBufferWriter<byte> output, int staticIndex)
    {
        ArgumentNullException.ThrowIfNull(output);
        _ = HpackStaticTable.Get(staticIndex); // throws outside 1..61
        output.Advance(HpackInteger.Write(output.GetSpan(HpackInteger.MaxLength), staticIndex, 7, 0x80));
    }

    /// <summary>A literal without indexing whose name is static table entry <paramref name="staticNameIndex"/> (RFC 7541 6.2.2).</summary>
    /// <exception cref="ArgumentException"><paramref name="value"/> has a character above U+00FF.</exception>
    public static void WriteLiteral(IBufferWriter<byte> output, int staticNameIndex, string value)
    {
        ArgumentNullException.ThrowIfNull(output);
        var name = HpackStaticTable.Get(staticNameIndex).Name;
        CheckOctets(name, value, nameof(value));
        var span = output.GetSpan(2 * HpackInteger.MaxLength + value.Length);
        var written = HpackInteger.Write(span, staticNameIndex, 4, 0x00);
        written += WriteString(span[written..], value);
        output.Advance(written);
    }

    /// <summary>A literal without indexing with a literal name (RFC 7541 6.2.2).</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty, or it or <paramref name="value"/> has a character above U+00FF.</exception>
    public static void WriteLiteral(IBufferWriter<byte> output, string name, string value)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentException.ThrowIfNullOrEmpty(name);
        CheckOctets(name, name, nameof(name));
        CheckOctets(name, value, nameof(value));
        var span = output.GetSpan(1 + 2 * HpackInteger.MaxLength + name.Length + value.Length);
        span[0] = 0x00;
        var written = 1 + WriteString(span[1..], name);
        written += WriteString(span[written..], value);
        output.Advance(written);
    }

    private static int WriteString(Span<byte> destination, string value)
    {
        var written = HpackInteger.Write(destination, value.Length, 7, 0x00);
        return written + Encoding.Latin1.GetBytes(value, destination[written..]);
    }

    /// <summary>Header strings are octets: Latin-1 would silently turn a wider character into '?'.</summary>
    private static void CheckOctets(string header, string text, string parameter)
    {
        ArgumentNullException.ThrowIfNull(text, parameter);
        if (text.AsSpan().ContainsAnyExceptInRange('\0', '\u00FF'))
            throw new ArgumentException($"Header '{header}' has a character above U+00FF; HTTP/2 header names and values are octets (Latin-1)", parameter);
    }
}

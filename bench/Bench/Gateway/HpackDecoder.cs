using System.Text;

namespace OrleansVector.Bench.Gateway;

/// <summary>
/// Decodes the HPACK header blocks (RFC 7541) of one HTTP/2 connection: indexed fields from the static and the dynamic
/// table, literals with or without indexing, table size updates. Huffman-coded strings are refused with an exception:
/// the gateway's server (Kestrel) writes every string literal raw, and this decoder serves only the bench's client of it.
/// </summary>
internal sealed class HpackDecoder(int maxTableSize)
{
    private const int EntryOverhead = 32;

    private static readonly (string Name, string Value)[] StaticTable =
    [
        (":authority", ""), (":method", "GET"), (":method", "POST"), (":path", "/"), (":path", "/index.html"),
        (":scheme", "http"), (":scheme", "https"), (":status", "200"), (":status", "204"), (":status", "206"),
        (":status", "304"), (":status", "400"), (":status", "404"), (":status", "500"), ("accept-charset", ""),
        ("accept-encoding", "gzip, deflate"), ("accept-language", ""), ("accept-ranges", ""), ("accept", ""),
        ("access-control-allow-origin", ""), ("age", ""), ("allow", ""), ("authorization", ""), ("cache-control", ""),
        ("content-disposition", ""), ("content-encoding", ""), ("content-language", ""), ("content-length", ""),
        ("content-location", ""), ("content-range", ""), ("content-type", ""), ("cookie", ""), ("date", ""), ("etag", ""),
        ("expect", ""), ("expires", ""), ("from", ""), ("host", ""), ("if-match", ""), ("if-modified-since", ""),
        ("if-none-match", ""), ("if-range", ""), ("if-unmodified-since", ""), ("last-modified", ""), ("link", ""),
        ("location", ""), ("max-forwards", ""), ("proxy-authenticate", ""), ("proxy-authorization", ""), ("range", ""),
        ("referer", ""), ("refresh", ""), ("retry-after", ""), ("server", ""), ("set-cookie", ""),
        ("strict-transport-security", ""), ("transfer-encoding", ""), ("user-agent", ""), ("vary", ""), ("via", ""),
        ("www-authenticate", ""),
    ];

    private readonly int _maxTableSize = maxTableSize;

    // Newest first, as HPACK numbers them.
    private readonly List<(string Name, string Value)> _dynamic = [];
    private int _dynamicSize;
    private int _tableSize = maxTableSize;

    /// <summary>Decodes one complete header block into <paramref name="headers"/> (a repeated name keeps its last value).</summary>
    /// <exception cref="InvalidDataException">The block is malformed, refers to a missing entry, or holds a Huffman-coded string.</exception>
    public void Decode(ReadOnlySpan<byte> block, Dictionary<string, string> headers)
    {
        var position = 0;
        while (position < block.Length)
        {
            var first = block[position];
            if ((first & 0x80) != 0)
            {
                var (name, value) = Entry(ReadInteger(block, ref position, 7));
                headers[name] = value;
            }
            else if ((first & 0xC0) == 0x40)
            {
                var (name, value) = ReadLiteral(block, ref position, 6);
                Add(name, value);
                headers[name] = value;
            }
            else if ((first & 0xE0) == 0x20)
            {
                var size = ReadInteger(block, ref position, 5);
                if (size > _maxTableSize)
                {
                    throw new InvalidDataException($"HPACK table size update to {size} exceeds the {_maxTableSize} bytes this client allows.");
                }
                _tableSize = size;
                Evict(0);
            }
            else
            {
                var (name, value) = ReadLiteral(block, ref position, 4); // without indexing (0000) or never indexed (0001)
                headers[name] = value;
            }
        }
    }

    private (string Name, string Value) ReadLiteral(ReadOnlySpan<byte> block, ref int position, int prefixBits)
    {
        var index = ReadInteger(block, ref position, prefixBits);
        var name = index == 0 ? ReadString(block, ref position) : Entry(index).Name;
        return (name, ReadString(block, ref position));
    }

    private (string Name, string Value) Entry(int index)
    {
        if (index >= 1 && index <= StaticTable.Length)
        {
            return StaticTable[index - 1];
        }
        var dynamicIndex = index - StaticTable.Length - 1;
        if (index == 0 || dynamicIndex >= _dynamic.Count)
        {
            throw new InvalidDataException($"HPACK index {index} refers to no entry (static table 1-{StaticTable.Length}, dynamic table {_dynamic.Count} entries).");
        }
        return _dynamic[dynamicIndex];
    }

    private void Add(string name, string value)
    {
        var size = name.Length + value.Length + EntryOverhead;
        Evict(size);
        if (size <= _tableSize)
        {
            _dynamic.Insert(0, (name, value));
            _dynamicSize += size;
        }
    }

    /// <summary>Drops the oldest entries until <paramref name="room"/> more bytes fit (all of them when they cannot).</summary>
    private void Evict(int room)
    {
        while (_dynamic.Count > 0 && _dynamicSize + room > _tableSize)
        {
            var (name, value) = _dynamic[^1];
            _dynamic.RemoveAt(_dynamic.Count - 1);
            _dynamicSize -= name.Length + value.Length + EntryOverhead;
        }
    }

    private static string ReadString(ReadOnlySpan<byte> block, ref int position)
    {
        if (position >= block.Length)
        {
            throw new InvalidDataException("HPACK block ends where a string literal should start.");
        }
        if ((block[position] & 0x80) != 0)
        {
            throw new InvalidDataException("HPACK string is Huffman-coded; this client reads raw literals only.");
        }
        var length = ReadInteger(block, ref position, 7);
        if (length > block.Length - position)
        {
            throw new InvalidDataException($"HPACK string of {length} bytes runs past the end of its block.");
        }
        var text = Encoding.Latin1.GetString(block.Slice(position, length));
        position += length;
        return text;
    }

    /// <summary>An integer with an N-bit prefix (RFC 7541 5.1).</summary>
    private static int ReadInteger(ReadOnlySpan<byte> block, ref int position, int prefixBits)
    {
        var mask = (1 << prefixBits) - 1;
        var value = block[position++] & mask;
        if (value < mask)
        {
            return value;
        }
        for (var shift = 0; shift <= 21; shift += 7)
        {
            if (position >= block.Length)
            {
                throw new InvalidDataException("HPACK integer runs past the end of its block.");
            }
            var next = block[position++];
            value += (next & 0x7F) << shift;
            if ((next & 0x80) == 0)
            {
                return value;
            }
        }
        throw new InvalidDataException("HPACK integer is longer than 4 continuation bytes.");
    }
}

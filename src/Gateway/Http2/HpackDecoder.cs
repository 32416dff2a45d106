namespace OrleansVector.Gateway.Http2;

/// <summary>
/// Decodes the header blocks of one connection direction (RFC 7541); keeps the dynamic table between blocks. Not
/// thread-safe. After an <see cref="HpackException"/> the table no longer matches the peer's: the connection must end.
/// </summary>
public sealed class HpackDecoder
{
    private readonly int _maxTableSize;
    private readonly int _maxHeaderListSize;
    private readonly HpackDynamicTable _table;
    private readonly HpackLiteralCache _literals = new();

    /// <param name="maxTableSize">The SETTINGS_HEADER_TABLE_SIZE this side advertised (4096 by default); a dynamic table size update above it is an error.</param>
    /// <param name="maxHeaderListSize">The decoded list's size limit: the sum of name and value lengths plus 32 per field (RFC 9113 6.5.2).</param>
    public HpackDecoder(int maxTableSize, int maxHeaderListSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxTableSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxHeaderListSize);
        _maxTableSize = maxTableSize;
        _maxHeaderListSize = maxHeaderListSize;
        _table = new HpackDynamicTable(maxTableSize);
    }

    internal int DynamicTableSize => _table.Size;

    internal int DynamicTableCount => _table.Count;

    internal int DynamicTableMaxSize => _table.MaxSize;

    /// <summary>The dynamic table entry at 1-based <paramref name="index"/>, 1 being the newest.</summary>
    internal HpackHeaderField DynamicTableEntry(int index)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(index, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(index, _table.Count);
        return _table[index];
    }

    /// <summary>Decodes one complete header block (the HEADERS and CONTINUATION payloads joined), appending its fields in order.</summary>
    /// <returns>
    /// false when the header list exceeds the size limit: the fields past the limit are still decoded, so the dynamic
    /// table stays in step with the peer's and only this block's request fails, but they are not appended.
    /// </returns>
    /// <exception cref="HpackException">The block is malformed.</exception>
    public bool Decode(ReadOnlySpan<byte> block, List<HpackHeaderField> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var position = 0;
        long listSize = 0;
        var fieldSeen = false;
        while (position < block.Length)
        {
            var first = block[position];
            HpackHeaderField field;
            if ((first & 0x80) != 0)
            {
                field = Lookup(HpackInteger.Read(block, ref position, 7));
            }
            else if ((first & 0x40) != 0)
            {
                field = ReadLiteral(block, ref position, 6, cache: false);
                _table.Add(field);
            }
            else if ((first & 0x20) != 0)
            {
                UpdateTableSize(block, ref position, fieldSeen);
                continue;
            }
            else
            {
                // Without indexing (0000) and never indexed (0001) decode alike, and repeat on every request: nghttp2
                // sends :path and authorization so. The cache is this connection's own, so "never indexed" (which
                // keeps a value out of compression contexts that other parties' data share) does not rule it out.
                field = ReadLiteral(block, ref position, 4, cache: true);
            }
            fieldSeen = true;
            listSize += field.Size;
            if (listSize <= _maxHeaderListSize)
                fields.Add(field);
        }
        return listSize <= _maxHeaderListSize;
    }

    private HpackHeaderField Lookup(int index)
    {
        if (index == 0)
            throw new HpackException("HPACK index 0 is not valid; indexes start at 1");
        if (index <= HpackStaticTable.Count)
            return HpackStaticTable.Get(index);
        if (index - HpackStaticTable.Count > _table.Count)
            throw new HpackException($"HPACK index {index} is beyond the static table ({HpackStaticTable.Count} entries) and the dynamic table ({_table.Count} entries)");
        return _table[index - HpackStaticTable.Count];
    }

    /// <summary>
    /// A literal field whose name index (0: a literal name follows) has a <paramref name="prefixBits"/>-bit prefix;
    /// <paramref name="cache"/>: its strings may come from, and go to, the literal cache.
    /// </summary>
    private HpackHeaderField ReadLiteral(ReadOnlySpan<byte> block, ref int position, int prefixBits, bool cache)
    {
        var nameIndex = HpackInteger.Read(block, ref position, prefixBits);
        var name = nameIndex == 0 ? ReadString(block, ref position, cache) : Lookup(nameIndex).Name;
        return new HpackHeaderField(name, ReadString(block, ref position, cache));
    }

    private string ReadString(ReadOnlySpan<byte> block, ref int position, bool cache)
    {
        if (position >= block.Length)
            throw new HpackException("HPACK header block ends where a string literal should start");
        var huffman = (block[position] & 0x80) != 0;
        var length = HpackInteger.Read(block, ref position, 7);
        if (length > block.Length - position)
            throw new HpackException($"HPACK string length {length} runs past the end of the header block ({block.Length - position} octets left)");
        var octets = block.Slice(position, length);
        position += length;
        return cache ? _literals.GetOrDecode(octets, huffman) : HpackLiteralCache.Decode(octets, huffman);
    }

    private void UpdateTableSize(ReadOnlySpan<byte> block, ref int position, bool fieldSeen)
    {
        if (fieldSeen)
            throw new HpackException("HPACK dynamic table size update after a header field; it is allowed only at the start of a header block (RFC 7541 4.2)");
        var size = HpackInteger.Read(block, ref position, 5);
        if (size > _maxTableSize)
            throw new HpackException($"HPACK dynamic table size update to {size} exceeds the advertised SETTINGS_HEADER_TABLE_SIZE of {_maxTableSize}");
        _table.SetMaxSize(size);
    }
}

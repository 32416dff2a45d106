namespace OrleansVector.Gateway.Http2;

/// <summary>
/// One decoded header field. Names and values of static and dynamic table entries are the table's own string instances,
/// so an indexed field allocates nothing.
/// </summary>
public readonly record struct HpackHeaderField(string Name, string Value)
{
    /// <summary>RFC 7541 4.1: the size of an entry in the dynamic table, and of a field in the header list (RFC 9113 6.5.2).</summary>
    public int Size => Name.Length + Value.Length + 32;
}

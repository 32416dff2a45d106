namespace OrleansVector.Grains.Rows;

/// <summary>Variable-length rows laid back to back: row i is data[offsets[i]..offsets[i + 1]].</summary>
internal static class Utf8Rows
{
    public static (int[] Offsets, byte[] Data) Concatenate(IReadOnlyList<byte[]> rows)
    {
        var offsets = new int[rows.Count + 1];
        for (var i = 0; i < rows.Count; i++)
        {
            offsets[i + 1] = offsets[i] + rows[i].Length;
        }
        var data = new byte[offsets[^1]];
        for (var i = 0; i < rows.Count; i++)
        {
            rows[i].CopyTo(data, offsets[i]);
        }
        return (offsets, data);
    }
}

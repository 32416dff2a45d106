using System.Text;

namespace OrleansVector.Query.Columns;

/// <summary>
/// Variable-length rows stored back to back as UTF-8 bytes: VarChar text, or one JSON document per row.
/// Row <c>i</c> is <c>Data[Offsets[i]..Offsets[i + 1]]</c>.
/// </summary>
public sealed class BinaryColumn : Column
{
    public BinaryColumn(ReadOnlyMemory<int> offsets, ReadOnlyMemory<byte> data, ReadOnlyMemory<ulong> validity = default)
        : base(Math.Max(offsets.Length - 1, 0), validity)
    {
        ValidateOffsets(offsets.Span, data.Length, "data bytes");
        Offsets = offsets;
        Data = data;
    }

    public ReadOnlyMemory<int> Offsets { get; }

    public ReadOnlyMemory<byte> Data { get; }

    public ReadOnlySpan<byte> Get(int row)
    {
        var offsets = Offsets.Span;
        return Data.Span[offsets[row]..offsets[row + 1]];
    }

    public ReadOnlyMemory<byte> GetMemory(int row)
    {
        var offsets = Offsets.Span;
        return Data[offsets[row]..offsets[row + 1]];
    }

    /// <summary>Encodes strings (null = a null row) as a column.</summary>
    public static BinaryColumn FromStrings(IReadOnlyList<string?> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var offsets = new int[rows.Count + 1];
        var valid = new bool[rows.Count];
        var total = 0;
        for (var i = 0; i < rows.Count; i++)
        {
            valid[i] = rows[i] is not null;
            total += rows[i] is { } text ? Encoding.UTF8.GetByteCount(text) : 0;
            offsets[i + 1] = total;
        }

        var data = new byte[total];
        for (var i = 0; i < rows.Count; i++)
        {
            if (rows[i] is { } text)
            {
                Encoding.UTF8.GetBytes(text, data.AsSpan(offsets[i]));
            }
        }

        return new BinaryColumn(offsets, data, ValidityFrom(valid));
    }
}

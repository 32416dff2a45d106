using System.Text;

namespace OrleansVector.Storage.Segments;

/// <summary>
/// Variable-length rows stored back to back as UTF-8 bytes: VarChar text, or one JSON document per row.
/// Row <c>i</c> is <c>Data[Offsets[i]..Offsets[i + 1]]</c>.
/// </summary>
public sealed class VariableWidthColumn : SegmentColumn
{
    public VariableWidthColumn(FieldDataType type, ReadOnlyMemory<int> offsets, ReadOnlyMemory<byte> data, ReadOnlyMemory<ulong> validity = default)
        : base(CheckType(type), Math.Max(offsets.Length - 1, 0), validity)
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

    public string GetString(int row) => Encoding.UTF8.GetString(Get(row));

    /// <summary>Encodes strings (null = a null row) as a column of <paramref name="type"/> (VarChar or Json).</summary>
    public static VariableWidthColumn FromStrings(FieldDataType type, IReadOnlyList<string?> rows)
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

        return new VariableWidthColumn(type, offsets, data, ValidityFrom(valid));
    }

    internal override void WriteValues(SegmentFileBuilder builder)
    {
        builder.WriteArray(Offsets);
        builder.WriteArray(Data);
    }

    private static FieldDataType CheckType(FieldDataType type) =>
        type is FieldDataType.VarChar or FieldDataType.Json
            ? type
            : throw new ArgumentException($"A variable-width column holds VarChar or Json, not {type}.", nameof(type));
}

using System.Text;
using OrleansVector.Query.Columns;

namespace OrleansVector.Query.Tests;

/// <summary>Builds columns from plain row values (null = a null row) for the test datasets.</summary>
internal static class TestColumns
{
    public static PrimitiveColumn<T> Of<T>(params T[] values) where T : unmanaged => new(values);

    public static PrimitiveColumn<T> Nullable<T>(params T?[] values) where T : unmanaged =>
        new(values.Select(v => v ?? default).ToArray(), Column.ValidityFrom(values.Select(v => v.HasValue).ToArray()));

    public static BinaryColumn Strings(params string?[] values) => BinaryColumn.FromStrings(values);

    public static ArrayColumn Arrays<T>(params T[][] rows) where T : unmanaged =>
        new(Offsets(rows.Select(r => r.Length)), new PrimitiveColumn<T>(rows.SelectMany(r => r).ToArray()));

    public static ArrayColumn StringArrays(params string[][] rows) =>
        new(Offsets(rows.Select(r => r.Length)), BinaryColumn.FromStrings(rows.SelectMany(r => r).ToArray()));

    public static ArrayColumn NullableArrays<T>(params T[]?[] rows) where T : unmanaged =>
        new(Offsets(rows.Select(r => r?.Length ?? 0)), new PrimitiveColumn<T>(rows.SelectMany(r => r ?? []).ToArray()), Column.ValidityFrom(rows.Select(r => r is not null).ToArray()));

    private static int[] Offsets(IEnumerable<int> lengths)
    {
        var offsets = new List<int> { 0 };
        foreach (var length in lengths)
        {
            offsets.Add(offsets[^1] + length);
        }

        return [.. offsets];
    }

    /// <summary>The rows set in a selection bitset.</summary>
    public static int[] Rows(ulong[] selection, int rowCount) =>
        [.. Enumerable.Range(0, rowCount).Where(i => (selection[i >> 6] & (1UL << i)) != 0)];

    public static int Utf8Compare(string a, string b) => Encoding.UTF8.GetBytes(a).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(b));
}

using System.Text;
using FsCheck;
using FsCheck.Fluent;
using OrleansVector.Storage.Segments;

namespace OrleansVector.Storage.Tests.Segments;

/// <summary>FsCheck generators of columns of every field type, with null rows, empty strings, large JSON and empty arrays.</summary>
internal static class ColumnGenerators
{
    public static Config Config { get; } = Config.QuickThrowOnFailure.WithMaxTest(100);

    public static Gen<int> AnyInt { get; } = Gen.Choose(int.MinValue, int.MaxValue);

    public static Gen<long> AnyLong { get; } = from high in AnyInt from low in AnyInt select ((long)high << 32) | (uint)low;

    // Raw bit patterns, so NaNs, infinities and negative zero travel too.
    private static Gen<float> AnyFloat { get; } = AnyInt.Select(BitConverter.Int32BitsToSingle);

    private static Gen<double> AnyDouble { get; } = AnyLong.Select(BitConverter.Int64BitsToDouble);

    private static Gen<byte> AnyByte { get; } = Gen.Choose(0, 255).Select(b => (byte)b);

    /// <summary>Text with empty strings, multi-byte UTF-8 and surrogate pairs.</summary>
    public static Gen<string> Text { get; } = Gen.Frequency(
        (1, Gen.Constant("")),
        (4, Gen.ArrayOf(Gen.Elements("a", "Z", "0", " ", "é", "中", "😀", "\"", "\\")).Select(string.Concat)));

    private static Gen<string> Json { get; } = Gen.Frequency(
        (5, Text.Select(text => $"{{\"text\":\"{text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"}}")),
        (1, Gen.Choose(0, 50_000).Select(LargeJson)));

    public static IReadOnlyDictionary<FieldDataType, Gen<SegmentColumn>> ByType { get; } = new Dictionary<FieldDataType, Gen<SegmentColumn>>
    {
        [FieldDataType.Bool] = Fixed(Gen.Elements(true, false)),
        [FieldDataType.Int8] = Fixed(Gen.Choose(sbyte.MinValue, sbyte.MaxValue).Select(v => (sbyte)v)),
        [FieldDataType.Int16] = Fixed(Gen.Choose(short.MinValue, short.MaxValue).Select(v => (short)v)),
        [FieldDataType.Int32] = Fixed(AnyInt),
        [FieldDataType.Int64] = Fixed(AnyLong),
        [FieldDataType.Float] = Fixed(AnyFloat),
        [FieldDataType.Double] = Fixed(AnyDouble),
        [FieldDataType.VarChar] = Strings(FieldDataType.VarChar, Text),
        [FieldDataType.Json] = Strings(FieldDataType.Json, Json),
        [FieldDataType.Array] = Gen.OneOf(
            ArrayOf(Fixed(Gen.Elements(true, false), nullable: false)),
            ArrayOf(Fixed(Gen.Choose(sbyte.MinValue, sbyte.MaxValue).Select(v => (sbyte)v), nullable: false)),
            ArrayOf(Fixed(Gen.Choose(short.MinValue, short.MaxValue).Select(v => (short)v), nullable: false)),
            ArrayOf(Fixed(AnyInt, nullable: false)),
            ArrayOf(Fixed(AnyLong, nullable: false)),
            ArrayOf(Fixed(AnyFloat, nullable: false)),
            ArrayOf(Fixed(AnyDouble, nullable: false)),
            ArrayOf(Strings(FieldDataType.VarChar, Text, nullable: false))),
        [FieldDataType.FloatVector] = Dense(FieldDataType.FloatVector, Gen.Choose(1, 40), dim => dim, AnyFloat),
        [FieldDataType.BinaryVector] = Dense(FieldDataType.BinaryVector, Gen.Choose(1, 16).Select(d => d * 8), dim => dim / 8, AnyByte),
        [FieldDataType.Float16Vector] = Dense(FieldDataType.Float16Vector, Gen.Choose(1, 40), dim => dim * 2, AnyByte),
        [FieldDataType.BFloat16Vector] = Dense(FieldDataType.BFloat16Vector, Gen.Choose(1, 40), dim => dim * 2, AnyByte),
        [FieldDataType.SparseFloatVector] = Sparse(),
    };

    public static string LargeJson(int items) => $"{{\"items\":[{string.Join(",", Enumerable.Range(0, items))}],\"tail\":\"é😀\"}}";

    public static Gen<ulong[]> ValidityFor(int rows, bool nullable = true) => nullable
        ? Gen.Frequency(
            (1, Gen.Constant(Array.Empty<ulong>())),
            (2, Gen.ArrayOf(Gen.Frequency((3, Gen.Constant(true)), (1, Gen.Constant(false))), rows).Select(flags => SegmentColumn.ValidityFrom(flags))))
        : Gen.Constant(Array.Empty<ulong>());

    private static Gen<SegmentColumn> Fixed<T>(Gen<T> element, bool nullable = true) where T : unmanaged =>
        from rows in Gen.Choose(0, 150)
        from values in Gen.ArrayOf(element, rows)
        from validity in ValidityFor(rows, nullable)
        select (SegmentColumn)new FixedWidthColumn<T>(values, validity);

    private static Gen<SegmentColumn> Strings(FieldDataType type, Gen<string> text, bool nullable = true) =>
        from rows in Gen.Choose(0, 100)
        from values in Gen.ArrayOf(text, rows)
        from validity in ValidityFor(rows, nullable)
        select (SegmentColumn)VariableWidthColumn.FromStrings(type, values.Select((value, row) => IsValid(validity, row) ? value : null).ToArray());

    private static Gen<SegmentColumn> ArrayOf(Gen<SegmentColumn> elements) =>
        from elementColumn in elements
        from cuts in Gen.ArrayOf(Gen.Choose(0, elementColumn.RowCount))
        from validity in ValidityFor(cuts.Length + 1)
        select (SegmentColumn)new ArrayColumn(Offsets(cuts, elementColumn.RowCount), elementColumn, validity);

    private static Gen<SegmentColumn> Dense<T>(FieldDataType type, Gen<int> dimension, Func<int, int> valuesPerRow, Gen<T> value) where T : unmanaged =>
        from dim in dimension
        from rows in Gen.Choose(0, 60)
        from values in Gen.ArrayOf(value, rows * valuesPerRow(dim))
        from validity in ValidityFor(rows)
        select (SegmentColumn)new DenseVectorColumn<T>(type, dim, values, validity);

    private static Gen<SegmentColumn> Sparse() =>
        from entries in Gen.Choose(0, 300)
        from indices in Gen.ArrayOf(AnyInt.Select(i => (uint)i), entries)
        from values in Gen.ArrayOf(AnyFloat, entries)
        from cuts in Gen.ArrayOf(Gen.Choose(0, entries))
        from validity in ValidityFor(cuts.Length + 1)
        select (SegmentColumn)new SparseFloatVectorColumn(Offsets(cuts, entries), indices, values, validity);

    /// <summary>Row offsets 0, the sorted cut points, total: rows of every length including empty ones.</summary>
    private static int[] Offsets(int[] cuts, int total) => [0, .. cuts.Order(), total];

    private static bool IsValid(ulong[] validity, int row) => validity.Length == 0 || (validity[row >> 6] & (1UL << row)) != 0;

    /// <summary>A deterministic FloatVector column of <paramref name="rows"/> × <paramref name="dimension"/> values in [0, 1).</summary>
    public static float[] RandomVectors(int rows, int dimension, int seed)
    {
        var random = new Random(seed);
        var values = new float[rows * dimension];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = random.NextSingle();
        }
        return values;
    }

    /// <summary>The UTF-8 bytes of a string, for comparing keys the way stats order them.</summary>
    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}

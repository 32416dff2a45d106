using System.Runtime.InteropServices;
using OrleansVector.Storage.Segments;

namespace OrleansVector.Storage.Tests.Segments;

/// <summary>Asserts two columns are the same type and hold the same bytes in every array (placeholders of null rows included).</summary>
internal static class ColumnAssert
{
    public static void Equal(SegmentColumn expected, SegmentColumn actual)
    {
        Assert.Equal(expected.GetType(), actual.GetType());
        Assert.Equal(expected.Type, actual.Type);
        Assert.Equal(expected.RowCount, actual.RowCount);
        for (var row = 0; row < expected.RowCount; row++)
        {
            Assert.True(expected.IsValid(row) == actual.IsValid(row), $"row {row}: validity differs");
        }

        switch (expected)
        {
            case FixedWidthColumn<bool> column: SameBytes(column.Values, ((FixedWidthColumn<bool>)actual).Values); break;
            case FixedWidthColumn<sbyte> column: SameBytes(column.Values, ((FixedWidthColumn<sbyte>)actual).Values); break;
            case FixedWidthColumn<short> column: SameBytes(column.Values, ((FixedWidthColumn<short>)actual).Values); break;
            case FixedWidthColumn<int> column: SameBytes(column.Values, ((FixedWidthColumn<int>)actual).Values); break;
            case FixedWidthColumn<long> column: SameBytes(column.Values, ((FixedWidthColumn<long>)actual).Values); break;
            case FixedWidthColumn<float> column: SameBytes(column.Values, ((FixedWidthColumn<float>)actual).Values); break;
            case FixedWidthColumn<double> column: SameBytes(column.Values, ((FixedWidthColumn<double>)actual).Values); break;
            case VariableWidthColumn column:
                var text = (VariableWidthColumn)actual;
                SameBytes(column.Offsets, text.Offsets);
                SameBytes(column.Data, text.Data);
                break;
            case ArrayColumn column:
                var array = (ArrayColumn)actual;
                SameBytes(column.Offsets, array.Offsets);
                Equal(column.Elements, array.Elements);
                break;
            case DenseVectorColumn<float> column:
                Assert.Equal(column.Dimension, ((DenseVectorColumn<float>)actual).Dimension);
                SameBytes(column.Values, ((DenseVectorColumn<float>)actual).Values);
                break;
            case DenseVectorColumn<byte> column:
                Assert.Equal(column.Dimension, ((DenseVectorColumn<byte>)actual).Dimension);
                SameBytes(column.Values, ((DenseVectorColumn<byte>)actual).Values);
                break;
            case SparseFloatVectorColumn column:
                var sparse = (SparseFloatVectorColumn)actual;
                SameBytes(column.Offsets, sparse.Offsets);
                SameBytes(column.Indices, sparse.Indices);
                SameBytes(column.Values, sparse.Values);
                break;
            default:
                Assert.Fail($"no comparison for {expected.GetType().Name}");
                break;
        }
    }

    private static void SameBytes<T>(ReadOnlyMemory<T> expected, ReadOnlyMemory<T> actual) where T : unmanaged
    {
        Assert.Equal(expected.Length, actual.Length);
        var first = MemoryMarshal.AsBytes(expected.Span).CommonPrefixLength(MemoryMarshal.AsBytes(actual.Span));
        Assert.True(first == expected.Length * System.Runtime.CompilerServices.Unsafe.SizeOf<T>(), $"{typeof(T).Name} arrays differ at byte {first}");
    }
}

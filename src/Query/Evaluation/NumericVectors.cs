using System.Numerics;
using OrleansVector.Query.Columns;

namespace OrleansVector.Query.Evaluation;

/// <summary>Conversions between numeric vectors and columns.</summary>
internal static class NumericVectors
{
    /// <summary>The vector's values as Doubles (converted into a rented buffer when they are Int64).</summary>
    public static ReadOnlyMemory<double> AsDoubles(EvaluationContext context, in NumericVector vector)
    {
        if (vector.Kind == NumericKind.Float)
        {
            return vector.Doubles;
        }

        var source = vector.Longs.Span;
        var doubles = context.RentDoubles();
        for (var i = 0; i < source.Length; i++)
        {
            doubles[i] = source[i];
        }

        return doubles.AsMemory(0, source.Length);
    }

    /// <summary>Element <paramref name="index"/> of every row's array, setting <paramref name="present"/> where the array is long enough.</summary>
    public static void Gather<TElement, TValue>(ArrayColumn column, int index, Span<TValue> values, Span<ulong> present)
        where TElement : unmanaged, INumberBase<TElement>
        where TValue : INumberBase<TValue>
    {
        var elements = ((PrimitiveColumn<TElement>)column.Elements).Values.Span;
        var offsets = column.Offsets.Span;
        for (var row = 0; row < column.Length; row++)
        {
            var at = offsets[row] + index;
            if (at < offsets[row + 1])
            {
                values[row] = TValue.CreateTruncating(elements[at]);
                Bits.Set(present, row);
            }
        }
    }
}

using OrleansVector.Query.Columns;
using OrleansVector.Query.Evaluation;

namespace OrleansVector.Query.Planning;

/// <summary>
/// <c>array_contains[_all|_any](f, ...)</c> over a fixed-width Array field. The constants are converted to the
/// element type when the plan is built (a constant the type cannot hold can never be found), and each row's
/// elements are searched as a span (vectorised by the runtime).
/// </summary>
internal sealed class ArrayContainsPredicate<T>(int position, FieldRef array, ContainsMode mode, T[] values, bool someUnrepresentable)
    : RowPredicate(position)
    where T : unmanaged, IEquatable<T>
{
    protected override RowResult Test(EvaluationContext context, int row)
    {
        var column = context.Array(array);
        if (!column.IsValid(row))
        {
            return RowResult.Null;
        }

        if (mode == ContainsMode.All && someUnrepresentable)
        {
            return RowResult.False;
        }

        var (start, count) = column.Range(row);
        var elements = ((PrimitiveColumn<T>)column.Elements).Values.Span.Slice(start, count);
        var all = mode == ContainsMode.All;
        foreach (var value in values)
        {
            if (elements.Contains(value) != all)
            {
                return all ? RowResult.False : RowResult.True;
            }
        }

        return all ? RowResult.True : RowResult.False;
    }
}

/// <summary><c>array_contains[_all|_any](f, ...)</c> over a VarChar Array field.</summary>
internal sealed class StringArrayContainsPredicate(int position, FieldRef array, ContainsMode mode, IReadOnlyList<FilterValue> values)
    : RowPredicate(position)
{
    protected override RowResult Test(EvaluationContext context, int row)
    {
        var column = context.Array(array);
        if (!column.IsValid(row))
        {
            return RowResult.Null;
        }

        var (start, count) = column.Range(row);
        var elements = (BinaryColumn)column.Elements;
        var all = mode == ContainsMode.All;
        foreach (var value in values)
        {
            if (Contains(elements, start, count, value.Utf8) != all)
            {
                return all ? RowResult.False : RowResult.True;
            }
        }

        return all ? RowResult.True : RowResult.False;
    }

    private static bool Contains(BinaryColumn elements, int start, int count, ReadOnlySpan<byte> value)
    {
        for (var i = start; i < start + count; i++)
        {
            if (elements.Get(i).SequenceEqual(value))
            {
                return true;
            }
        }

        return false;
    }
}

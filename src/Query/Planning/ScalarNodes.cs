using OrleansVector.Query.Columns;
using OrleansVector.Query.Evaluation;

namespace OrleansVector.Query.Planning;

/// <summary>A VarChar field.</summary>
internal sealed class StringColumnNode(int position, FieldRef field) : StringExpr(position)
{
    public FieldRef Field { get; } = field;

    public override ValueState Read(EvaluationContext context, int row, out ReadOnlySpan<byte> value)
    {
        var column = context.Binary(Field);
        if (!column.IsValid(row))
        {
            value = default;
            return ValueState.Null;
        }

        value = column.Get(row);
        return ValueState.Present;
    }
}

/// <summary><c>f[i]</c> of a VarChar Array field.</summary>
internal sealed class ArrayElementStringNode(int position, FieldRef array, int index) : StringExpr(position)
{
    public override ValueState Read(EvaluationContext context, int row, out ReadOnlySpan<byte> value)
    {
        value = default;
        var column = context.Array(array);
        var state = ArrayElements.Locate(column, row, index, out var at);
        if (state == ValueState.Present)
        {
            value = ((BinaryColumn)column.Elements).Get(at);
        }

        return state;
    }
}

/// <summary>A Bool field.</summary>
internal sealed class BoolColumnNode(int position, FieldRef field) : BoolExpr(position)
{
    public FieldRef Field { get; } = field;

    public override ValueState Read(EvaluationContext context, int row, out bool value)
    {
        var column = context.Primitive<bool>(Field);
        value = column.Values.Span[row];
        return column.IsValid(row) ? ValueState.Present : ValueState.Null;
    }
}

/// <summary><c>f[i]</c> of a Bool Array field.</summary>
internal sealed class ArrayElementBoolNode(int position, FieldRef array, int index) : BoolExpr(position)
{
    public override ValueState Read(EvaluationContext context, int row, out bool value)
    {
        value = false;
        var column = context.Array(array);
        var state = ArrayElements.Locate(column, row, index, out var at);
        if (state == ValueState.Present)
        {
            value = ((PrimitiveColumn<bool>)column.Elements).Values.Span[at];
        }

        return state;
    }
}

internal static class ArrayElements
{
    /// <summary>Where element <paramref name="index"/> of a row's array lies: Null for a null row, Missing past the end.</summary>
    public static ValueState Locate(ArrayColumn column, int row, int index, out int at)
    {
        at = 0;
        if (!column.IsValid(row))
        {
            return ValueState.Null;
        }

        var (start, count) = column.Range(row);
        if (index >= count)
        {
            return ValueState.Missing;
        }

        at = start + index;
        return ValueState.Present;
    }
}

using System.Numerics;
using OrleansVector.Query.Evaluation;

namespace OrleansVector.Query.Planning;

/// <summary>A VarChar compared with a constant or another VarChar, ordinally (UTF-8 byte order = code point order, as Milvus).</summary>
internal sealed class StringComparePredicate(int position, StringExpr left, CompareOp op, FilterValue? constant, StringExpr? right)
    : RowPredicate(position)
{
    public StringExpr Left { get; } = left;

    public CompareOp Op { get; } = op;

    public FilterValue? Constant { get; } = constant;

    protected override RowResult Test(EvaluationContext context, int row)
    {
        var state = Left.Read(context, row, out var a);
        if (state != ValueState.Present)
        {
            return Of(state, false);
        }

        if (Constant is not null)
        {
            return Of(state, Op.Holds(a.SequenceCompareTo(Constant.Utf8)));
        }

        var other = right!.Read(context, row, out var b);
        return Of(other, Op.Holds(a.SequenceCompareTo(b)));
    }
}

/// <summary>
/// <c>s in [...]</c>, without decoding the rows. Over a VarChar column it reads the offsets and bytes of the candidate
/// rows directly (no per-row calls); other operands go row by row.
/// </summary>
internal sealed class StringInPredicate : RowPredicate
{
    private readonly Utf8ValueSet _values;

    public StringInPredicate(int position, StringExpr operand, IReadOnlyList<FilterValue> values)
        : base(position)
    {
        Operand = operand;
        Values = values;
        _values = new Utf8ValueSet(values.Select(v => v.Utf8.ToArray()));
    }

    public StringExpr Operand { get; }

    public IReadOnlyList<FilterValue> Values { get; }

    public override void Evaluate(EvaluationContext context, ReadOnlySpan<ulong> candidates, Truth result)
    {
        if (Operand is not StringColumnNode field)
        {
            base.Evaluate(context, candidates, result);
            return;
        }

        var column = context.Binary(field.Field);
        var offsets = column.Offsets.Span;
        var bytes = column.Data.Span;
        var validity = column.Validity.Span;
        var data = result.Data;
        result.Reset();
        for (var w = 0; w < candidates.Length; w++)
        {
            var rows = candidates[w];
            var nulls = validity.IsEmpty ? 0 : rows & ~validity[w];
            rows &= ~nulls;
            for (; nulls != 0; nulls &= nulls - 1)
            {
                result.SetNull((w << 6) + BitOperations.TrailingZeroCount(nulls));
            }

            ulong word = 0;
            while (rows != 0)
            {
                var bit = BitOperations.TrailingZeroCount(rows);
                rows &= rows - 1;
                var row = (w << 6) + bit;
                if (_values.Contains(bytes, offsets[row], offsets[row + 1]))
                {
                    word |= 1UL << bit;
                }
            }

            data[w] = word;
        }
    }

    protected override RowResult Test(EvaluationContext context, int row)
    {
        var state = Operand.Read(context, row, out var value);
        return Of(state, state == ValueState.Present && _values.Contains(value));
    }
}

/// <summary><c>s like "pattern"</c>.</summary>
internal sealed class LikePredicate(int position, StringExpr operand, LikePattern pattern) : RowPredicate(position)
{
    public LikePattern Pattern { get; } = pattern;

    protected override RowResult Test(EvaluationContext context, int row)
    {
        var state = operand.Read(context, row, out var value);
        return Of(state, state == ValueState.Present && Pattern.Matches(value));
    }
}

/// <summary>
/// A Bool tested against constants (<c>b == true</c>, <c>b in [false]</c>, a Bool alone as a predicate), or
/// compared (== or !=) with another Bool.
/// </summary>
internal sealed class BoolComparePredicate : RowPredicate
{
    private readonly BoolExpr _left;
    private readonly bool _acceptTrue;
    private readonly bool _acceptFalse;
    private readonly BoolExpr? _right;
    private readonly bool _equal;

    /// <summary>Holds for the rows whose value is one of the accepted ones.</summary>
    public BoolComparePredicate(int position, BoolExpr left, bool acceptTrue, bool acceptFalse)
        : base(position)
    {
        _left = left;
        _acceptTrue = acceptTrue;
        _acceptFalse = acceptFalse;
    }

    /// <summary>Holds where the two Bools are equal (or differ, when <paramref name="equal"/> is false).</summary>
    public BoolComparePredicate(int position, BoolExpr left, bool equal, BoolExpr right)
        : base(position)
    {
        _left = left;
        _equal = equal;
        _right = right;
    }

    protected override RowResult Test(EvaluationContext context, int row)
    {
        var state = _left.Read(context, row, out var a);
        if (state != ValueState.Present)
        {
            return Of(state, false);
        }

        if (_right is null)
        {
            return Of(state, a ? _acceptTrue : _acceptFalse);
        }

        var other = _right.Read(context, row, out var b);
        return Of(other, (a == b) == _equal);
    }
}

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

/// <summary><c>s in [...]</c>: a binary search over the sorted UTF-8 values, without decoding the rows.</summary>
internal sealed class StringInPredicate : RowPredicate
{
    private readonly byte[][] _sorted;

    public StringInPredicate(int position, StringExpr operand, IReadOnlyList<FilterValue> values)
        : base(position)
    {
        Operand = operand;
        Values = values;
        _sorted = [.. values.Select(v => v.Utf8.ToArray()).Order(Utf8Order.Instance)];
    }

    public StringExpr Operand { get; }

    public IReadOnlyList<FilterValue> Values { get; }

    protected override RowResult Test(EvaluationContext context, int row)
    {
        var state = Operand.Read(context, row, out var value);
        return Of(state, state == ValueState.Present && Contains(value));
    }

    private bool Contains(ReadOnlySpan<byte> value)
    {
        int low = 0, high = _sorted.Length - 1;
        while (low <= high)
        {
            var mid = (low + high) >>> 1;
            var order = value.SequenceCompareTo(_sorted[mid]);
            if (order == 0)
            {
                return true;
            }

            if (order < 0)
            {
                high = mid - 1;
            }
            else
            {
                low = mid + 1;
            }
        }

        return false;
    }

    private sealed class Utf8Order : IComparer<byte[]>
    {
        public static readonly Utf8Order Instance = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
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

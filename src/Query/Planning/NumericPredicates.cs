using OrleansVector.Query.Evaluation;

namespace OrleansVector.Query.Planning;

/// <summary>
/// A numeric expression compared with a constant (<see cref="Constant"/> set) or with another numeric expression,
/// vector against vector with the SIMD kernel. Rows that are null or have no value compare false.
/// </summary>
internal sealed class NumericComparePredicate : Predicate
{
    public NumericComparePredicate(int position, NumericExpr left, CompareOp op, NumericExpr right)
        : base(position)
    {
        Left = left;
        Op = op;
        Right = right;
        if (right is NumericConstantNode constant)
        {
            Constant = constant.Value;
        }
    }

    public NumericExpr Left { get; }

    public CompareOp Op { get; }

    public NumericExpr Right { get; }

    public FilterValue? Constant { get; }

    public override void Evaluate(EvaluationContext context, ReadOnlySpan<ulong> candidates, Truth result)
    {
        var left = Left.Evaluate(context, candidates);
        if (Constant is not null)
        {
            CompareWithConstant(left, result.Data);
            Masks.Apply(result, left);
            return;
        }

        var right = Right.Evaluate(context, candidates);
        if (left.Kind == NumericKind.Int && right.Kind == NumericKind.Int)
        {
            CompareKernels.Compare(Op, left.Longs.Span, right.Longs.Span, result.Data);
        }
        else
        {
            CompareKernels.Compare(Op, NumericVectors.AsDoubles(context, left).Span, NumericVectors.AsDoubles(context, right).Span, result.Data);
        }

        result.SetValidity(Masks.Both(context, left.Valid, right.Valid).Span);
        result.MaskDataByValidity();
        var present = Masks.Both(context, left.Present, right.Present);
        if (!present.IsEmpty)
        {
            Bits.And(result.Data, present.Span);
        }
    }

    private void CompareWithConstant(in NumericVector left, Span<ulong> data)
    {
        if (left.Kind == NumericKind.Float)
        {
            CompareKernels.Compare(Op, left.Doubles.Span, Constant!.AsDouble, data);
            return;
        }

        var rewritten = IntegerComparison.Create(Op, Constant!, long.MinValue, long.MaxValue);
        switch (rewritten.Kind)
        {
            case IntegerComparisonKind.Compare:
                CompareKernels.Compare(rewritten.Op, left.Longs.Span, rewritten.Constant, data);
                break;
            case IntegerComparisonKind.AlwaysTrue:
                data.Fill(ulong.MaxValue);
                Bits.ClearTail(data, left.Longs.Length);
                break;
            default:
                data.Clear();
                break;
        }
    }
}

/// <summary>
/// <c>x in [...]</c> for a numeric expression: a few values are tested as SIMD equality passes OR-ed together,
/// more through a hash set.
/// </summary>
internal sealed class NumericInPredicate : Predicate
{
    private const int MaxLinearValues = 8;
    private readonly long[] _longs;
    private readonly double[] _doubles;
    private readonly HashSet<long>? _longSet;
    private readonly HashSet<double>? _doubleSet;

    public NumericInPredicate(int position, NumericExpr operand, IReadOnlyList<FilterValue> values)
        : base(position)
    {
        Operand = operand;
        Values = values;
        // An integer operand can only equal the integral values of the list.
        _longs = [.. values.Where(v => v.Kind == FilterValueKind.Int64 || (double.IsInteger(v.AsDouble) && Math.Abs(v.AsDouble) < 9.2e18))
            .Select(v => v.Kind == FilterValueKind.Int64 ? v.AsInt64 : (long)v.AsDouble).Distinct()];
        _doubles = [.. values.Select(v => v.AsDouble).Distinct()];
        if (_longs.Length > MaxLinearValues)
        {
            _longSet = [.. _longs];
        }

        if (_doubles.Length > MaxLinearValues)
        {
            _doubleSet = [.. _doubles];
        }
    }

    public NumericExpr Operand { get; }

    public IReadOnlyList<FilterValue> Values { get; }

    public override void Evaluate(EvaluationContext context, ReadOnlySpan<ulong> candidates, Truth result)
    {
        var vector = Operand.Evaluate(context, candidates);
        if (vector.Kind == NumericKind.Int)
        {
            Match(context, vector.Longs.Span, _longs, _longSet, result.Data);
        }
        else
        {
            Match(context, vector.Doubles.Span, _doubles, _doubleSet, result.Data);
        }

        Masks.Apply(result, vector);
    }

    private static void Match<T>(EvaluationContext context, ReadOnlySpan<T> values, T[] list, HashSet<T>? set, Span<ulong> data)
        where T : unmanaged, System.Numerics.INumber<T>
    {
        data.Clear();
        if (set is null)
        {
            var one = context.RentBits().Span;
            foreach (var value in list)
            {
                CompareKernels.Compare(CompareOp.Equal, values, value, one);
                Bits.Or(data, one);
            }

            return;
        }

        for (var i = 0; i < values.Length; i++)
        {
            if (set.Contains(values[i]))
            {
                Bits.Set(data, i);
            }
        }
    }
}

namespace OrleansVector.Query.Planning;

/// <summary>What an integer compared with a constant reduces to.</summary>
internal enum IntegerComparisonKind
{
    /// <summary>Compare with <see cref="IntegerComparison.Constant"/> using <see cref="IntegerComparison.Op"/>.</summary>
    Compare,

    /// <summary>True for every non-null value of the type.</summary>
    AlwaysTrue,

    /// <summary>False for every value of the type.</summary>
    AlwaysFalse,
}

/// <summary>
/// Rewrites <c>x op c</c>, with <c>x</c> an integer of range [min, max] and <c>c</c> any number, into a comparison
/// with an integer constant inside that range, or a constant answer: <c>x &gt; 2.5</c> is <c>x &gt; 2</c>,
/// <c>int8 &lt; 1000</c> always holds, <c>x == 2.5</c> never does. This keeps integer columns on the exact,
/// SIMD integer path.
/// </summary>
internal readonly record struct IntegerComparison(IntegerComparisonKind Kind, CompareOp Op, long Constant)
{
    private static readonly IntegerComparison True = new(IntegerComparisonKind.AlwaysTrue, default, 0);
    private static readonly IntegerComparison False = new(IntegerComparisonKind.AlwaysFalse, default, 0);

    public static IntegerComparison Create(CompareOp op, FilterValue constant, long min, long max)
    {
        Int128 floor, ceiling;
        bool integral;
        if (constant.Kind == FilterValueKind.Int64)
        {
            floor = ceiling = constant.AsInt64;
            integral = true;
        }
        else
        {
            var d = constant.AsDouble;
            if (double.IsNaN(d))
            {
                return op == CompareOp.NotEqual ? True : False;
            }

            // Beyond ±2^100 every Int64 compares the same way; clamping keeps Int128 conversions exact.
            const double Limit = 1.2676506002282294E30;
            floor = (Int128)Math.Floor(Math.Clamp(d, -Limit, Limit));
            ceiling = (Int128)Math.Ceiling(Math.Clamp(d, -Limit, Limit));
            integral = floor == ceiling;
        }

        switch (op)
        {
            case CompareOp.Equal:
                return integral && floor >= min && floor <= max ? new(IntegerComparisonKind.Compare, op, (long)floor) : False;
            case CompareOp.NotEqual:
                return integral && floor >= min && floor <= max ? new(IntegerComparisonKind.Compare, op, (long)floor) : True;
            case CompareOp.Greater:
                return floor >= max ? False : floor < min ? True : new(IntegerComparisonKind.Compare, op, (long)floor);
            case CompareOp.GreaterEqual:
                return ceiling > max ? False : ceiling <= min ? True : new(IntegerComparisonKind.Compare, op, (long)ceiling);
            case CompareOp.Less:
                return ceiling <= min ? False : ceiling > max ? True : new(IntegerComparisonKind.Compare, op, (long)ceiling);
            default:
                return floor < min ? False : floor >= max ? True : new(IntegerComparisonKind.Compare, op, (long)floor);
        }
    }
}

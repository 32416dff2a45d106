namespace OrleansVector.Query.Pruning;

/// <summary>
/// The values a field can take in a matching row: an optional lower and upper bound, each inclusive or not.
/// Compare with a segment's min/max statistics through <see cref="Overlaps"/>.
/// </summary>
public sealed record ValueRange(FilterValue? Lower, bool LowerInclusive, FilterValue? Upper, bool UpperInclusive)
{
    public static readonly ValueRange Unbounded = new(null, false, null, false);

    /// <summary>True when no value lies in the range.</summary>
    public bool IsEmpty => Lower is not null && Upper is not null &&
        (Lower.CompareTo(Upper) is var order && (order > 0 || (order == 0 && !(LowerInclusive && UpperInclusive))));

    /// <summary>Whether a segment whose values lie within [<paramref name="min"/>, <paramref name="max"/>] may hold a value in the range.</summary>
    public bool Overlaps(FilterValue min, FilterValue max)
    {
        ArgumentNullException.ThrowIfNull(min);
        ArgumentNullException.ThrowIfNull(max);
        if (IsEmpty)
        {
            return false;
        }

        var aboveLower = Lower is null || (max.CompareTo(Lower) is var l && (l > 0 || (l == 0 && LowerInclusive)));
        var belowUpper = Upper is null || (min.CompareTo(Upper) is var u && (u < 0 || (u == 0 && UpperInclusive)));
        return aboveLower && belowUpper;
    }

    public bool Contains(FilterValue value) => Overlaps(value, value);

    /// <summary>The values in both ranges.</summary>
    public ValueRange Intersect(ValueRange other)
    {
        var (lower, lowerInclusive) = Pick(Lower, LowerInclusive, other.Lower, other.LowerInclusive, 1, intersect: true);
        var (upper, upperInclusive) = Pick(Upper, UpperInclusive, other.Upper, other.UpperInclusive, -1, intersect: true);
        return new(lower, lowerInclusive, upper, upperInclusive);
    }

    /// <summary>The smallest range holding both.</summary>
    public ValueRange Hull(ValueRange other)
    {
        if (IsEmpty)
        {
            return other;
        }

        if (other.IsEmpty)
        {
            return this;
        }

        var (lower, lowerInclusive) = Lower is null || other.Lower is null ? (null, false) : Pick(Lower, LowerInclusive, other.Lower, other.LowerInclusive, -1, intersect: false);
        var (upper, upperInclusive) = Upper is null || other.Upper is null ? (null, false) : Pick(Upper, UpperInclusive, other.Upper, other.UpperInclusive, 1, intersect: false);
        return new(lower, lowerInclusive, upper, upperInclusive);
    }

    // Picks the bound further in direction `sign` (+1: the larger); on a tie an intersection is inclusive only if
    // both bounds are, a hull if either is.
    private static (FilterValue?, bool) Pick(FilterValue? a, bool aInclusive, FilterValue? b, bool bInclusive, int sign, bool intersect)
    {
        if (a is null)
        {
            return (b, bInclusive);
        }

        if (b is null)
        {
            return (a, aInclusive);
        }

        var order = a.CompareTo(b) * sign;
        return order > 0 ? (a, aInclusive) : order < 0 ? (b, bInclusive) : (a, intersect ? aInclusive && bInclusive : aInclusive || bInclusive);
    }
}

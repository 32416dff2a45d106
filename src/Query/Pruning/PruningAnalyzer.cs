using OrleansVector.Query.Planning;
using OrleansVector.Query.Schema;

namespace OrleansVector.Query.Pruning;

/// <summary>
/// Derives <see cref="PruningInfo"/> from a plan: comparisons and <c>in</c> lists of a field with constants give
/// value sets and ranges; <c>and</c> intersects them, <c>or</c> keeps what every branch constrains (unions and
/// hulls); anything else (<c>not</c>, JSON, arithmetic) constrains nothing.
/// </summary>
internal static class PruningAnalyzer
{
    public static PruningInfo Analyze(Predicate root, CollectionSchema schema)
    {
        var constraints = Constraints(root);
        if (constraints is null)
        {
            return new PruningInfo(true, [], [], new Dictionary<string, ValueRange>());
        }

        var ranges = new Dictionary<string, ValueRange>(StringComparer.Ordinal);
        foreach (var (field, constraint) in constraints)
        {
            var range = constraint.EffectiveRange;
            if (range != ValueRange.Unbounded)
            {
                ranges[field] = range;
            }
        }

        var alwaysFalse = ranges.Values.Any(r => r.IsEmpty) || constraints.Values.Any(c => c.Values is { Count: 0 });
        return new PruningInfo(alwaysFalse, ValuesOf(schema.PrimaryKey), ValuesOf(schema.PartitionKey), ranges);

        IReadOnlyList<FilterValue>? ValuesOf(FieldSchema? field) =>
            field is not null && constraints.TryGetValue(field.Name, out var c) && c.Values is { } values
                ? [.. values.Where(c.Range.Contains).Order()]
                : null;
    }

    /// <summary>Per field constraints of the rows that match, or null when none can.</summary>
    private static Dictionary<string, FieldConstraint>? Constraints(Predicate predicate)
    {
        switch (predicate)
        {
            case ConstantPredicate { Value: false }:
                return null;
            case FieldConstantPredicate { Value: false } never:
                return One(never.Field.Name, new FieldConstraint([], ValueRange.Unbounded));
            case IFieldComparison comparison:
                return Comparison(comparison.Field.Name, comparison.Op, comparison.Constant);
            case NumericComparePredicate { Left: NumericColumnNode column, Constant: { } constant } compare:
                return Comparison(column.Field.Name, compare.Op, constant);
            case StringComparePredicate { Left: StringColumnNode column, Constant: { } constant } compare:
                return Comparison(column.Field.Name, compare.Op, constant);
            case NumericInPredicate { Operand: NumericColumnNode column } @in:
                return One(column.Field.Name, new FieldConstraint([.. @in.Values], ValueRange.Unbounded));
            case StringInPredicate { Operand: StringColumnNode column } @in:
                return One(column.Field.Name, new FieldConstraint([.. @in.Values], ValueRange.Unbounded));
            case LogicalPredicate { IsAnd: true } and:
                {
                    var result = new Dictionary<string, FieldConstraint>(StringComparer.Ordinal);
                    foreach (var operand in and.Operands)
                    {
                        if (Constraints(operand) is not { } constraints)
                        {
                            return null;
                        }

                        foreach (var (field, constraint) in constraints)
                        {
                            result[field] = result.TryGetValue(field, out var existing) ? existing.Intersect(constraint) : constraint;
                        }
                    }

                    return result;
                }

            case LogicalPredicate or:
                {
                    Dictionary<string, FieldConstraint>? result = null;
                    foreach (var operand in or.Operands)
                    {
                        if (Constraints(operand) is not { } constraints)
                        {
                            continue;
                        }

                        result = result is null ? constraints : Union(result, constraints);
                    }

                    return result;
                }

            default:
                return [];
        }
    }

    private static Dictionary<string, FieldConstraint> Comparison(string field, CompareOp op, FilterValue constant) => op switch
    {
        CompareOp.Equal => One(field, new FieldConstraint([constant], new ValueRange(constant, true, constant, true))),
        CompareOp.Less => One(field, new FieldConstraint(null, new ValueRange(null, false, constant, false))),
        CompareOp.LessEqual => One(field, new FieldConstraint(null, new ValueRange(null, false, constant, true))),
        CompareOp.Greater => One(field, new FieldConstraint(null, new ValueRange(constant, false, null, false))),
        CompareOp.GreaterEqual => One(field, new FieldConstraint(null, new ValueRange(constant, true, null, false))),
        _ => [],
    };

    private static Dictionary<string, FieldConstraint> One(string field, FieldConstraint constraint) =>
        new(StringComparer.Ordinal) { [field] = constraint };

    private static Dictionary<string, FieldConstraint> Union(Dictionary<string, FieldConstraint> a, Dictionary<string, FieldConstraint> b)
    {
        var result = new Dictionary<string, FieldConstraint>(StringComparer.Ordinal);
        foreach (var (field, constraint) in a)
        {
            if (b.TryGetValue(field, out var other))
            {
                result[field] = constraint.Union(other);
            }
        }

        return result;
    }

    /// <summary>A field's value is one of <see cref="Values"/> (when set) and lies in <see cref="Range"/>.</summary>
    private sealed record FieldConstraint(HashSet<FilterValue>? Values, ValueRange Range)
    {
        public ValueRange EffectiveRange => Values is null
            ? Range
            : Values.Count == 0
                ? new ValueRange(FilterValue.Int64(1), false, FilterValue.Int64(0), false)
                : Range.Intersect(new ValueRange(Values.Min(), true, Values.Max(), true));

        public FieldConstraint Intersect(FieldConstraint other)
        {
            var range = Range.Intersect(other.Range);
            var values = Values is null ? other.Values : other.Values is null ? Values : [.. Values.Intersect(other.Values)];
            return new FieldConstraint(values is null ? null : [.. values.Where(range.Contains)], range);
        }

        public FieldConstraint Union(FieldConstraint other) =>
            new(Values is null || other.Values is null ? null : [.. Values.Union(other.Values)], EffectiveRange.Hull(other.EffectiveRange));
    }
}

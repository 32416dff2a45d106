using System.Numerics;
using OrleansVector.Query.Evaluation;

namespace OrleansVector.Query.Planning;

/// <summary>
/// The hot path: a numeric field compared with a constant of the field's own type, straight over the column's
/// values with the SIMD kernel (no widening, no copy).
/// </summary>
internal sealed class ColumnComparePredicate<T>(int position, FieldRef field, CompareOp op, T constant) : Predicate(position), IFieldComparison
    where T : unmanaged, INumber<T>
{
    public FieldRef Field { get; } = field;

    public CompareOp Op { get; } = op;

    public FilterValue Constant => typeof(T) == typeof(float) || typeof(T) == typeof(double)
        ? FilterValue.Double(double.CreateChecked(constant))
        : FilterValue.Int64(long.CreateChecked(constant));

    public override void Evaluate(EvaluationContext context, ReadOnlySpan<ulong> candidates, Truth result)
    {
        var column = context.Primitive<T>(Field);
        CompareKernels.Compare(Op, column.Values.Span, constant, result.Data);
        result.SetValidity(column.Validity.Span);
        result.MaskDataByValidity();
    }
}

/// <summary>A predicate comparing one field with one constant, which pruning can turn into a range.</summary>
internal interface IFieldComparison
{
    FieldRef Field { get; }

    CompareOp Op { get; }

    FilterValue Constant { get; }
}

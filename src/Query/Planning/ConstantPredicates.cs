using OrleansVector.Query.Evaluation;

namespace OrleansVector.Query.Planning;

/// <summary><c>not a</c>: true where <c>a</c> is false and not null.</summary>
internal sealed class NotPredicate(int position, Predicate operand) : Predicate(position)
{
    public Predicate Operand { get; } = operand;

    public override void Evaluate(EvaluationContext context, ReadOnlySpan<ulong> candidates, Truth result)
    {
        Operand.Evaluate(context, candidates, result);
        result.Negate();
    }
}

/// <summary>A predicate known when the plan is built (<c>true</c>, <c>1 &lt; 2</c>).</summary>
internal sealed class ConstantPredicate(int position, bool value) : Predicate(position)
{
    public bool Value { get; } = value;

    public override void Evaluate(EvaluationContext context, ReadOnlySpan<ulong> candidates, Truth result)
    {
        if (Value)
        {
            Bits.SetAll(result.Data, context.Rows);
        }
        else
        {
            result.Data.Clear();
        }

        result.SetValidity([]);
    }
}

/// <summary>
/// A comparison whose answer is the same for every non-null row of a field (<c>int8_field &lt; 1000</c> is true,
/// <c>int8_field == 2.5</c> false); null rows stay null.
/// </summary>
internal sealed class FieldConstantPredicate(int position, FieldRef field, bool value) : Predicate(position)
{
    public FieldRef Field { get; } = field;

    public bool Value { get; } = value;

    public override void Evaluate(EvaluationContext context, ReadOnlySpan<ulong> candidates, Truth result)
    {
        var validity = context.Column(Field).Validity.Span;
        result.SetValidity(validity);
        if (!Value)
        {
            result.Data.Clear();
        }
        else if (validity.IsEmpty)
        {
            Bits.SetAll(result.Data, context.Rows);
        }
        else
        {
            result.Valid.CopyTo(result.Data);
        }
    }
}

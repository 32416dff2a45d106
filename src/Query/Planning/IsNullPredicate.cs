using OrleansVector.Query.Evaluation;

namespace OrleansVector.Query.Planning;

/// <summary><c>f is [not] null</c> on a field: the validity bitmap itself (never null, so <c>not</c> flips it).</summary>
internal sealed class IsNullPredicate(int position, FieldRef field, bool negated) : Predicate(position)
{
    public override void Evaluate(EvaluationContext context, ReadOnlySpan<ulong> candidates, Truth result)
    {
        result.SetValidity([]);
        var validity = context.Column(field).Validity.Span;
        if (validity.IsEmpty)
        {
            Bits.SetAll(result.Data, context.Rows);
        }
        else
        {
            validity[..context.Words].CopyTo(result.Data);
            Bits.ClearTail(result.Data, context.Rows);
        }

        // Data now says "is not null".
        if (!negated)
        {
            result.Negate();
        }
    }
}

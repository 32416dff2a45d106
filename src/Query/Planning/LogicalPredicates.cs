using OrleansVector.Query.Evaluation;

namespace OrleansVector.Query.Planning;

/// <summary>
/// <c>a and b and ...</c> or <c>a or b or ...</c>. Each operand only looks at the rows still undecided: for
/// <c>and</c> those the operands before left true or null (a false row stays false whatever follows), for
/// <c>or</c> those not already true; once no row is left the remaining operands are not evaluated at all.
/// </summary>
internal sealed class LogicalPredicate(int position, bool isAnd, IReadOnlyList<Predicate> operands) : Predicate(position)
{
    public bool IsAnd { get; } = isAnd;

    public IReadOnlyList<Predicate> Operands { get; } = operands;

    public override void Evaluate(EvaluationContext context, ReadOnlySpan<ulong> candidates, Truth result)
    {
        Operands[0].Evaluate(context, candidates, result);
        var next = context.RentBits().Span;
        Truth? operand = null;
        for (var i = 1; i < Operands.Count; i++)
        {
            if (IsAnd)
            {
                result.TrueOrNull(next);
                Bits.And(next, candidates);
            }
            else
            {
                candidates.CopyTo(next);
                Bits.AndNot(next, result.Data);
            }

            if (Bits.IsZero(next))
            {
                return;
            }

            operand ??= context.RentTruth();
            Operands[i].Evaluate(context, next, operand);
            if (IsAnd)
            {
                Bits.And(result.Data, operand.Data);
            }
            else
            {
                Bits.Or(result.Data, operand.Data);
            }

            result.OrValidity(operand);
        }
    }
}

using OrleansVector.Query.Evaluation;

namespace OrleansVector.Query.Planning;

/// <summary>A node of the typed plan; <see cref="Position"/> is where its text starts in the expression.</summary>
internal abstract class PlanNode(int position)
{
    public int Position { get; } = position;
}

/// <summary>
/// A boolean node. It fills the result for the rows set in the candidates (rows
/// outside may hold anything: and/or mask them out), whole words at a time where it can.
/// </summary>
internal abstract class Predicate(int position) : PlanNode(position)
{
    public abstract void Evaluate(EvaluationContext context, ReadOnlySpan<ulong> candidates, Truth result);
}

/// <summary>An Int64 or Double valued node, evaluated into a whole-batch vector.</summary>
internal abstract class NumericExpr(int position, NumericKind kind) : PlanNode(position)
{
    public NumericKind Kind { get; } = kind;

    public abstract NumericVector Evaluate(EvaluationContext context, ReadOnlySpan<ulong> candidates);
}

/// <summary>A VarChar valued node read row by row as UTF-8 bytes.</summary>
internal abstract class StringExpr(int position) : PlanNode(position)
{
    public abstract ValueState Read(EvaluationContext context, int row, out ReadOnlySpan<byte> value);
}

/// <summary>A Bool valued node (a Bool field or Bool array element) read row by row.</summary>
internal abstract class BoolExpr(int position) : PlanNode(position)
{
    public abstract ValueState Read(EvaluationContext context, int row, out bool value);
}

/// <summary>A literal, a template value or a folded constant expression.</summary>
internal sealed class ConstantNode(int position, FilterValue value) : PlanNode(position)
{
    public FilterValue Value { get; } = value;
}

/// <summary>A whole Array field, as the array functions take it.</summary>
internal sealed class ArrayFieldNode(int position, FieldRef field) : PlanNode(position)
{
    public FieldRef Field { get; } = field;
}

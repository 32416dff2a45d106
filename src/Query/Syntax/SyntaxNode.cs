namespace OrleansVector.Query.Syntax;

/// <summary>
/// The untyped tree the parser builds. <see cref="Position"/> is the 0-based character index errors point at;
/// <see cref="Depth"/> bounds how deep later recursive passes go.
/// </summary>
internal abstract record SyntaxNode(int Position)
{
    public int Depth { get; init; } = 1;
}

/// <summary>A number, string or boolean literal.</summary>
internal sealed record LiteralSyntax(int Position, FilterValue Value) : SyntaxNode(Position);

/// <summary><c>[a, b, c]</c>.</summary>
internal sealed record ListSyntax(int Position, IReadOnlyList<SyntaxNode> Items) : SyntaxNode(Position);

/// <summary><c>{name}</c>.</summary>
internal sealed record TemplateSyntax(int Position, string Name) : SyntaxNode(Position);

/// <summary>A field name, a bare dynamic key, or <c>$meta</c>.</summary>
internal sealed record IdentifierSyntax(int Position, string Name) : SyntaxNode(Position);

/// <summary><c>target[key]</c> where key is a string literal (JSON key) or an integer literal (array index).</summary>
internal sealed record IndexSyntax(int Position, SyntaxNode Target, FilterValue Key, int KeyPosition) : SyntaxNode(Position);

/// <summary>Prefix <c>- + ~ not</c>.</summary>
internal sealed record UnarySyntax(int Position, TokenKind Operator, SyntaxNode Operand) : SyntaxNode(Position);

/// <summary>Arithmetic, bitwise, shift and comparison operators.</summary>
internal sealed record BinarySyntax(int Position, TokenKind Operator, SyntaxNode Left, SyntaxNode Right) : SyntaxNode(Position);

/// <summary>A chain of <c>and</c> (or of <c>or</c>) operands, flattened so that long chains do not nest.</summary>
internal sealed record LogicalSyntax(int Position, TokenKind Operator, IReadOnlyList<SyntaxNode> Operands) : SyntaxNode(Position);

/// <summary><c>lower op1 middle op2 upper</c> with both operators pointing the same way.</summary>
internal sealed record RangeSyntax(int Position, SyntaxNode Lower, TokenKind LowerOperator, SyntaxNode Middle, TokenKind UpperOperator, SyntaxNode Upper) : SyntaxNode(Position);

/// <summary><c>x [not] in list</c>.</summary>
internal sealed record InSyntax(int Position, SyntaxNode Operand, SyntaxNode List, bool Negated) : SyntaxNode(Position);

/// <summary><c>x [not] like pattern</c>.</summary>
internal sealed record LikeSyntax(int Position, SyntaxNode Operand, SyntaxNode Pattern, bool Negated) : SyntaxNode(Position);

/// <summary><c>x is [not] null</c>.</summary>
internal sealed record IsNullSyntax(int Position, SyntaxNode Operand, bool Negated) : SyntaxNode(Position);

/// <summary><c>name(arguments)</c>.</summary>
internal sealed record CallSyntax(int Position, string Name, IReadOnlyList<SyntaxNode> Arguments) : SyntaxNode(Position);

/// <summary><c>exists path</c>.</summary>
internal sealed record ExistsSyntax(int Position, SyntaxNode Operand) : SyntaxNode(Position);

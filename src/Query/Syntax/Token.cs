namespace OrleansVector.Query.Syntax;

/// <summary>
/// One lexeme. <see cref="Text"/> is the identifier, template name or decoded string; integers keep their
/// magnitude in <see cref="Integer"/> (up to 2^63, so that <c>-9223372036854775808</c> can be written).
/// </summary>
internal readonly record struct Token(TokenKind Kind, int Position, string Text, ulong Integer = 0, double Float = 0, bool Boolean = false);

namespace OrleansVector.Query.Syntax;

/// <summary>
/// Recursive-descent parser with Milvus's precedence (loosest first): <c>or</c>, <c>and</c>, <c>not</c>, <c>|</c>,
/// <c>^</c>, <c>&amp;</c>, <c>== !=</c>, relational and chained ranges, <c>[not] in</c> / <c>like</c> /
/// <c>is [not] null</c>, <c>&lt;&lt; &gt;&gt;</c>, <c>+ -</c>, <c>* / %</c>, unary <c>+ - ~ not</c>, <c>**</c>.
/// One difference from Milvus's grammar: a <c>not</c> that starts an operand of and/or negates the whole
/// comparison after it (<c>not color == "red"</c>, as Milvus's documentation writes it); elsewhere (<c>a == not b</c>)
/// it binds as tightly as the other unary operators. Every token is consumed once and nothing backtracks, so
/// parsing is linear in the input; nesting is bounded by <see cref="MaxDepth"/>.
/// </summary>
internal sealed class Parser
{
    public const int MaxDepth = 128;
    private const ulong MinInt64Magnitude = 1UL << 63;

    private readonly List<Token> _tokens;
    private int _index;
    private int _nesting;

    private Parser(List<Token> tokens) => _tokens = tokens;

    /// <summary>Parse-function calls made; the linearity test bounds it by the token count.</summary>
    public int Steps { get; private set; }

    public int TokenCount => _tokens.Count;

    public static SyntaxNode Parse(string expression) => Parse(expression, out _);

    public static SyntaxNode Parse(string expression, out Parser parser)
    {
        ArgumentNullException.ThrowIfNull(expression);
        parser = new Parser(Lexer.Tokenize(expression));
        if (parser.Current.Kind == TokenKind.End)
        {
            throw new ExpressionException("the expression is empty", 0);
        }

        var node = parser.ParseOr();
        if (parser.Current.Kind != TokenKind.End)
        {
            throw new ExpressionException($"unexpected {Describe(parser.Current)} after a complete expression", parser.Current.Position);
        }

        return node;
    }

    private Token Current => _tokens[_index];

    private Token PeekAhead(int ahead) => _tokens[Math.Min(_index + ahead, _tokens.Count - 1)];

    private Token Advance() => _tokens[_index++];

    private Token Expect(TokenKind kind, string what)
    {
        if (Current.Kind != kind)
        {
            throw new ExpressionException($"expected {what} but found {Describe(Current)}", Current.Position);
        }

        return Advance();
    }

    private SyntaxNode ParseOr() => ParseLogical(TokenKind.Or, ParseAnd);

    private SyntaxNode ParseAnd() => ParseLogical(TokenKind.And, ParseNot);

    private SyntaxNode ParseLogical(TokenKind op, Func<SyntaxNode> operand)
    {
        Steps++;
        var first = operand();
        if (Current.Kind != op)
        {
            return first;
        }

        var operands = new List<SyntaxNode> { first };
        while (Current.Kind == op)
        {
            Advance();
            operands.Add(operand());
        }

        return Checked(new LogicalSyntax(first.Position, op, operands) { Depth = 1 + operands.Max(o => o.Depth) });
    }

    private SyntaxNode ParseNot()
    {
        Steps++;
        if (Current.Kind != TokenKind.Not)
        {
            return ParseLogicLevels();
        }

        var token = Advance();
        Enter(token);
        var operand = ParseNot();
        _nesting--;
        return Unary(token, operand);
    }

    // Left-associative binary levels, loosest first: the bitwise and equality levels above the relational level,
    // then the shift, additive and multiplicative levels below the membership level.
    private static readonly TokenKind[][] LogicLevels =
    [
        [TokenKind.Pipe],
        [TokenKind.Caret],
        [TokenKind.Ampersand],
        [TokenKind.Equal, TokenKind.NotEqual],
    ];

    private static readonly TokenKind[][] ArithmeticLevels =
    [
        [TokenKind.ShiftLeft, TokenKind.ShiftRight],
        [TokenKind.Plus, TokenKind.Minus],
        [TokenKind.Star, TokenKind.Slash, TokenKind.Percent],
    ];

    private SyntaxNode ParseLogicLevels() => ParseLeftAssociative(LogicLevels, 0, ParseRelational);

    private SyntaxNode ParseArithmetic() => ParseLeftAssociative(ArithmeticLevels, 0, ParseUnary);

    private SyntaxNode ParseLeftAssociative(TokenKind[][] levels, int level, Func<SyntaxNode> tighter)
    {
        Steps++;
        if (level == levels.Length)
        {
            return tighter();
        }

        var left = ParseLeftAssociative(levels, level + 1, tighter);
        while (Array.IndexOf(levels[level], Current.Kind) >= 0)
        {
            var op = Advance();
            left = Binary(op, left, ParseLeftAssociative(levels, level + 1, tighter));
        }

        return left;
    }

    private SyntaxNode ParseRelational()
    {
        Steps++;
        var first = ParsePostfix();
        if (!IsRelational(Current.Kind))
        {
            return first;
        }

        var op1 = Advance();
        var second = ParsePostfix();
        if (!IsRelational(Current.Kind))
        {
            return Binary(op1, first, second);
        }

        var op2 = Advance();
        if (IsLess(op1.Kind) != IsLess(op2.Kind))
        {
            throw new ExpressionException($"a chained comparison must point one way ('<' with '<', '>' with '>'), not '{op1.Text}' then '{op2.Text}'", op2.Position);
        }

        var third = ParsePostfix();
        if (IsRelational(Current.Kind))
        {
            throw new ExpressionException("a chained comparison holds at most two operators", Current.Position);
        }

        return Checked(new RangeSyntax(first.Position, first, op1.Kind, second, op2.Kind, third) { Depth = 1 + Math.Max(first.Depth, Math.Max(second.Depth, third.Depth)) });
    }

    private SyntaxNode ParsePostfix()
    {
        Steps++;
        var operand = ParseArithmetic();
        while (true)
        {
            var negated = Current.Kind == TokenKind.Not && PeekAhead(1).Kind is TokenKind.In or TokenKind.Like;
            if (negated)
            {
                Advance();
            }

            switch (Current.Kind)
            {
                case TokenKind.In:
                    {
                        var op = Advance();
                        var list = ParseArithmetic();
                        operand = Checked(new InSyntax(op.Position, operand, list, negated) { Depth = 1 + Math.Max(operand.Depth, list.Depth) });
                        continue;
                    }

                case TokenKind.Like:
                    {
                        var op = Advance();
                        var pattern = ParseArithmetic();
                        operand = Checked(new LikeSyntax(op.Position, operand, pattern, negated) { Depth = 1 + Math.Max(operand.Depth, pattern.Depth) });
                        continue;
                    }

                case TokenKind.Is:
                    {
                        var op = Advance();
                        var isNot = Current.Kind == TokenKind.Not;
                        if (isNot)
                        {
                            Advance();
                        }

                        Expect(TokenKind.Null, isNot ? "'null' after 'is not'" : "'null' or 'not null' after 'is'");
                        operand = Checked(new IsNullSyntax(op.Position, operand, isNot) { Depth = 1 + operand.Depth });
                        continue;
                    }
            }

            return operand;
        }
    }

    private SyntaxNode ParseUnary()
    {
        Steps++;
        if (Current.Kind is not (TokenKind.Plus or TokenKind.Minus or TokenKind.Tilde or TokenKind.Not))
        {
            return ParsePower();
        }

        var op = Advance();
        if (op.Kind == TokenKind.Minus && Current is { Kind: TokenKind.Integer, Integer: MinInt64Magnitude } && PeekAhead(1).Kind != TokenKind.Power)
        {
            Advance();
            return new LiteralSyntax(op.Position, FilterValue.Int64(long.MinValue));
        }

        Enter(op);
        var operand = ParseUnary();
        _nesting--;
        return Unary(op, operand);
    }

    private SyntaxNode ParsePower()
    {
        Steps++;
        var left = ParsePrimary();
        while (Current.Kind == TokenKind.Power)
        {
            var op = Advance();
            var right = Current.Kind is TokenKind.Plus or TokenKind.Minus or TokenKind.Tilde ? ParseUnary() : ParsePrimary();
            left = Binary(op, left, right);
        }

        return left;
    }

    private SyntaxNode ParsePrimary()
    {
        Steps++;
        var token = Current;
        switch (token.Kind)
        {
            case TokenKind.Integer:
                Advance();
                if (token.Integer == MinInt64Magnitude)
                {
                    throw new ExpressionException($"integer literal '{token.Text}' is out of range for Int64", token.Position);
                }

                return new LiteralSyntax(token.Position, FilterValue.Int64((long)token.Integer));
            case TokenKind.Float:
                Advance();
                return new LiteralSyntax(token.Position, FilterValue.Double(token.Float));
            case TokenKind.String:
                Advance();
                return new LiteralSyntax(token.Position, FilterValue.String(token.Text));
            case TokenKind.Boolean:
                Advance();
                return new LiteralSyntax(token.Position, FilterValue.Bool(token.Boolean));
            case TokenKind.Template:
                Advance();
                return new TemplateSyntax(token.Position, token.Text);
            case TokenKind.LeftParen:
                {
                    Advance();
                    Enter(token);
                    var inner = ParseOr();
                    Expect(TokenKind.RightParen, "')' to close the '(' at column " + (token.Position + 1));
                    _nesting--;
                    return inner;
                }

            case TokenKind.LeftBracket:
                return ParseList();
            case TokenKind.Exists:
                {
                    Advance();
                    Enter(token);
                    var operand = ParseIndexChain(ParsePrimary());
                    _nesting--;
                    return Checked(new ExistsSyntax(token.Position, operand) { Depth = 1 + operand.Depth });
                }

            case TokenKind.Meta:
                Advance();
                return ParseIndexChain(new IdentifierSyntax(token.Position, token.Text));
            case TokenKind.Identifier:
                Advance();
                return Current.Kind == TokenKind.LeftParen ? ParseCall(token) : ParseIndexChain(new IdentifierSyntax(token.Position, token.Text));
            default:
                throw new ExpressionException($"expected a value, field or '(' but found {Describe(token)}", token.Position);
        }
    }

    private SyntaxNode ParseList()
    {
        var open = Advance();
        Enter(open);
        var items = new List<SyntaxNode>();
        while (Current.Kind != TokenKind.RightBracket)
        {
            items.Add(ParseOr());
            if (Current.Kind != TokenKind.Comma)
            {
                break;
            }

            Advance();
        }

        Expect(TokenKind.RightBracket, "',' or ']' in the list opened at column " + (open.Position + 1));
        _nesting--;
        return Checked(new ListSyntax(open.Position, items) { Depth = 1 + (items.Count == 0 ? 0 : items.Max(i => i.Depth)) });
    }

    private SyntaxNode ParseCall(Token name)
    {
        var open = Advance();
        Enter(open);
        var arguments = new List<SyntaxNode>();
        while (Current.Kind != TokenKind.RightParen)
        {
            arguments.Add(ParseOr());
            if (Current.Kind != TokenKind.Comma)
            {
                break;
            }

            Advance();
        }

        Expect(TokenKind.RightParen, $"',' or ')' in the arguments of {name.Text}");
        _nesting--;
        return Checked(new CallSyntax(name.Position, name.Text, arguments) { Depth = 1 + (arguments.Count == 0 ? 0 : arguments.Max(a => a.Depth)) });
    }

    private SyntaxNode ParseIndexChain(SyntaxNode target)
    {
        while (Current.Kind == TokenKind.LeftBracket)
        {
            var open = Advance();
            var key = Current;
            FilterValue value = key.Kind switch
            {
                TokenKind.String => FilterValue.String(key.Text),
                TokenKind.Integer when key.Integer <= int.MaxValue => FilterValue.Int64((long)key.Integer),
                TokenKind.Integer => throw new ExpressionException($"index {key.Text} is too large", key.Position),
                _ => throw new ExpressionException($"expected a string key or a non-negative integer index inside '[ ]' but found {Describe(key)}", key.Position),
            };
            Advance();
            Expect(TokenKind.RightBracket, "']' after the key");
            target = Checked(new IndexSyntax(open.Position, target, value, key.Position) { Depth = 1 + target.Depth });
        }

        return target;
    }

    private SyntaxNode Unary(Token op, SyntaxNode operand) =>
        Checked(new UnarySyntax(op.Position, op.Kind, operand) { Depth = 1 + operand.Depth });

    private static SyntaxNode Binary(Token op, SyntaxNode left, SyntaxNode right) =>
        Checked(new BinarySyntax(op.Position, op.Kind, left, right) { Depth = 1 + Math.Max(left.Depth, right.Depth) });

    private static SyntaxNode Checked(SyntaxNode node) =>
        node.Depth <= MaxDepth ? node : throw new ExpressionException($"the expression nests more than {MaxDepth} levels deep", node.Position);

    private void Enter(Token token)
    {
        if (++_nesting > MaxDepth)
        {
            throw new ExpressionException($"the expression nests more than {MaxDepth} levels deep", token.Position);
        }
    }

    private static bool IsRelational(TokenKind kind) => kind is TokenKind.Less or TokenKind.LessEqual or TokenKind.Greater or TokenKind.GreaterEqual;

    private static bool IsLess(TokenKind kind) => kind is TokenKind.Less or TokenKind.LessEqual;

    internal static string Describe(Token token) => token.Kind switch
    {
        TokenKind.End => "the end of the expression",
        TokenKind.String => "a string literal",
        _ => $"'{token.Text}'",
    };
}

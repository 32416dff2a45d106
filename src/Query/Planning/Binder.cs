using OrleansVector.Query.Schema;
using OrleansVector.Query.Syntax;

namespace OrleansVector.Query.Planning;

/// <summary>
/// Turns the syntax tree into a typed plan against a schema: resolves names (fields, <c>$meta</c>, bare dynamic
/// keys), substitutes template values, folds constant sub-expressions, checks every operator's operand types and
/// picks the evaluation node for each (the SIMD column path where one applies). Every rejection is an
/// <see cref="ExpressionException"/> that names the problem and its column.
/// </summary>
internal sealed partial class Binder(CollectionSchema schema, IReadOnlyDictionary<string, FilterValue> templates)
{
    private readonly HashSet<string> _fields = new(StringComparer.Ordinal);

    /// <summary>The fields the plan reads, in the order first met.</summary>
    public List<string> FieldsRead { get; } = [];

    public Predicate BindPredicate(SyntaxNode node) => ToPredicate(Bind(node));

    private PlanNode Bind(SyntaxNode node) => node switch
    {
        LiteralSyntax literal => new ConstantNode(literal.Position, literal.Value),
        ListSyntax list => BindList(list),
        TemplateSyntax template => templates.TryGetValue(template.Name, out var value)
            ? new ConstantNode(template.Position, value)
            : throw new ExpressionException($"template variable {{{template.Name}}} has no value", template.Position),
        IdentifierSyntax identifier => BindIdentifier(identifier),
        IndexSyntax index => BindIndex(index),
        UnarySyntax unary => BindUnary(unary),
        BinarySyntax binary => IsComparison(binary.Operator)
            ? BindComparison(binary.Position, Bind(binary.Left), ToCompareOp(binary.Operator), Bind(binary.Right))
            : BindArithmetic(binary.Position, ToArithmeticOp(binary.Operator), Bind(binary.Left), Bind(binary.Right)),
        LogicalSyntax logical => BindLogical(logical),
        RangeSyntax range => BindRange(range),
        InSyntax @in => BindIn(@in),
        LikeSyntax like => BindLike(like),
        IsNullSyntax isNull => BindIsNull(isNull),
        CallSyntax call => BindCall(call),
        ExistsSyntax exists => Bind(exists.Operand) is JsonPath path
            ? new ExistsPredicate(exists.Position, path)
            : throw new ExpressionException("'exists' needs a JSON path such as f[\"key\"]", exists.Operand.Position),
        _ => throw new InvalidOperationException($"Unhandled syntax {node.GetType().Name}."),
    };

    private ConstantNode BindList(ListSyntax list)
    {
        var items = new List<FilterValue>(list.Items.Count);
        foreach (var item in list.Items)
        {
            items.Add(Bind(item) is ConstantNode constant
                ? constant.Value
                : throw new ExpressionException("list items must be constants (literals or template variables)", item.Position));
        }

        return new ConstantNode(list.Position, FilterValue.Array(items));
    }

    private PlanNode BindIdentifier(IdentifierSyntax identifier)
    {
        if (!schema.TryGetField(identifier.Name, out var field, out var ordinal))
        {
            if (schema.DynamicField is not { } dynamic)
            {
                throw new ExpressionException(
                    identifier.Name == FieldSchema.DynamicFieldName
                        ? "$meta needs a collection with dynamic fields enabled"
                        : $"field '{identifier.Name}' does not exist in the collection schema",
                    identifier.Position);
            }

            return new JsonPath(identifier.Position, Use(dynamic, schema.OrdinalOf(dynamic)), [FilterValue.String(identifier.Name)]);
        }

        var reference = Use(field, ordinal);
        var position = identifier.Position;
        return field.DataType switch
        {
            _ when DataTypes.IsNumeric(field.DataType) => new NumericColumnNode(position, reference),
            _ when DataTypes.IsString(field.DataType) => new StringColumnNode(position, reference),
            DataType.Bool => new BoolColumnNode(position, reference),
            DataType.Json => new JsonPath(position, reference, []),
            DataType.Array => new ArrayFieldNode(position, reference),
            _ => throw new ExpressionException($"field '{field.Name}' of type {field.DataType} cannot be used in a filter expression", position),
        };
    }

    private PlanNode BindIndex(IndexSyntax index)
    {
        var target = Bind(index.Target);
        switch (target)
        {
            case JsonPath path:
                return new JsonPath(path.Position, path.Field, [.. path.Segments, index.Key]);
            case ArrayFieldNode array when index.Key.Kind == FilterValueKind.Int64:
                {
                    var at = (int)index.Key.AsInt64;
                    var element = array.Field.Field.ElementType;
                    return element switch
                    {
                        DataType.Bool => new ArrayElementBoolNode(array.Position, array.Field, at),
                        _ when DataTypes.IsString(element) => new ArrayElementStringNode(array.Position, array.Field, at),
                        _ => new ArrayElementNumericNode(array.Position, array.Field, at),
                    };
                }

            case ArrayFieldNode array:
                throw new ExpressionException($"Array field '{array.Field.Name}' is indexed by integers, not by {index.Key}", index.KeyPosition);
            default:
                throw new ExpressionException($"only JSON and Array fields can be indexed, not {Describe(target)}", index.Position);
        }
    }

    private PlanNode BindUnary(UnarySyntax unary)
    {
        var operand = Bind(unary.Operand);
        if (unary.Operator == TokenKind.Not)
        {
            var predicate = ToPredicate(operand);
            return predicate is ConstantPredicate constant
                ? new ConstantPredicate(unary.Position, !constant.Value)
                : new NotPredicate(unary.Position, predicate);
        }

        var bitwise = unary.Operator == TokenKind.Tilde;
        var symbol = bitwise ? "~" : unary.Operator == TokenKind.Minus ? "-" : "+";
        if (operand is ConstantNode { Value.IsNumeric: true } c)
        {
            if (bitwise && c.Value.Kind != FilterValueKind.Int64)
            {
                throw new ExpressionException($"operator '~' needs an integer operand, not {Describe(operand)}", unary.Position);
            }

            var value = unary.Operator switch
            {
                TokenKind.Plus => c.Value,
                TokenKind.Tilde => FilterValue.Int64(~c.Value.AsInt64),
                _ => c.Value.Kind == FilterValueKind.Int64 ? FilterValue.Int64(unchecked(-c.Value.AsInt64)) : FilterValue.Double(-c.Value.AsDouble),
            };
            return new ConstantNode(unary.Position, value);
        }

        var numeric = ToNumeric(operand, symbol, unary.Position, integerOnly: bitwise);
        return unary.Operator == TokenKind.Plus ? numeric : new NegateNode(unary.Position, numeric, bitwise);
    }

    private PlanNode BindArithmetic(int position, ArithmeticOp op, PlanNode left, PlanNode right)
    {
        var symbol = Arithmetic.Symbol(op);
        var integerOnly = Arithmetic.IsIntegerOnly(op);
        if (left is ConstantNode { Value.IsNumeric: true } a && right is ConstantNode { Value.IsNumeric: true } b)
        {
            return new ConstantNode(position, Fold(position, op, symbol, a.Value, b.Value, integerOnly));
        }

        var l = ToNumeric(left, symbol, position, integerOnly);
        var r = ToNumeric(right, symbol, position, integerOnly);
        return new ArithmeticNode(position, op, l, r);
    }

    private static FilterValue Fold(int position, ArithmeticOp op, string symbol, FilterValue a, FilterValue b, bool integerOnly)
    {
        if (a.Kind == FilterValueKind.Int64 && b.Kind == FilterValueKind.Int64 && op != ArithmeticOp.Power)
        {
            return Arithmetic.TryApply(op, a.AsInt64, b.AsInt64, out var result)
                ? FilterValue.Int64(result)
                : throw new ExpressionException(op is ArithmeticOp.ShiftLeft or ArithmeticOp.ShiftRight
                    ? $"shift count {b.AsInt64} is outside 0..63"
                    : $"division by zero in '{a} {symbol} {b}'", position);
        }

        if (integerOnly)
        {
            throw new ExpressionException($"operator '{symbol}' needs integer operands, not {a.Kind} and {b.Kind}", position);
        }

        return FilterValue.Double(Arithmetic.Apply(op, a.AsDouble, b.AsDouble));
    }

    private NumericExpr ToNumeric(PlanNode node, string symbol, int position, bool integerOnly)
    {
        NumericExpr numeric = node switch
        {
            NumericExpr n => n,
            ConstantNode { Value.IsNumeric: true } c => new NumericConstantNode(c.Position, c.Value),
            JsonPath path => new JsonNumberNode(path.Position, path, integerOnly ? Evaluation.NumericKind.Int : Evaluation.NumericKind.Float),
            _ => throw new ExpressionException($"operator '{symbol}' needs numeric operands, not {Describe(node)}", position),
        };
        if (integerOnly && numeric.Kind != Evaluation.NumericKind.Int)
        {
            throw new ExpressionException($"operator '{symbol}' needs integer operands, not {Describe(node)}", position);
        }

        return numeric;
    }

    private Predicate BindLogical(LogicalSyntax logical)
    {
        var operands = logical.Operands.Select(o => ToPredicate(Bind(o))).ToList();
        return new LogicalPredicate(logical.Position, logical.Operator == TokenKind.And, operands);
    }

    private Predicate BindRange(RangeSyntax range)
    {
        var middle = Bind(range.Middle);
        var lower = BindComparison(range.Position, Bind(range.Lower), ToCompareOp(range.LowerOperator), middle);
        var upper = BindComparison(range.Middle.Position, middle, ToCompareOp(range.UpperOperator), Bind(range.Upper));
        return new LogicalPredicate(range.Position, isAnd: true, [lower, upper]);
    }

    private Predicate ToPredicate(PlanNode node) => node switch
    {
        Predicate predicate => predicate,
        ConstantNode { Value.Kind: FilterValueKind.Bool } c => new ConstantPredicate(c.Position, c.Value.AsBool),
        BoolExpr b => new BoolComparePredicate(b.Position, b, acceptTrue: true, acceptFalse: false),
        JsonPath path => new JsonComparePredicate(path.Position, path, CompareOp.Equal, FilterValue.Bool(true)),
        _ => throw new ExpressionException($"expected a boolean expression but found {Describe(node)}", node.Position),
    };

    private FieldRef Use(FieldSchema field, int ordinal)
    {
        if (_fields.Add(field.Name))
        {
            FieldsRead.Add(field.Name);
        }

        return new FieldRef(field, ordinal);
    }

    private static string Describe(PlanNode node) => node switch
    {
        NumericColumnNode n => $"field '{n.Field.Name}' ({n.Field.Field.DataType})",
        StringColumnNode s => $"field '{s.Field.Name}' ({s.Field.Field.DataType})",
        BoolColumnNode b => $"field '{b.Field.Name}' (Bool)",
        ArrayFieldNode a => $"Array field '{a.Field.Name}'",
        JsonPath p => $"JSON value {p}",
        ConstantNode c => $"{c.Value.Kind} literal {c.Value}",
        Predicate => "a boolean expression",
        NumericExpr => "a numeric expression",
        StringExpr => "a VarChar value",
        BoolExpr => "a Bool value",
        _ => node.GetType().Name,
    };

    private static bool IsComparison(TokenKind kind) =>
        kind is TokenKind.Equal or TokenKind.NotEqual or TokenKind.Less or TokenKind.LessEqual or TokenKind.Greater or TokenKind.GreaterEqual;

    private static CompareOp ToCompareOp(TokenKind kind) => kind switch
    {
        TokenKind.Equal => CompareOp.Equal,
        TokenKind.NotEqual => CompareOp.NotEqual,
        TokenKind.Less => CompareOp.Less,
        TokenKind.LessEqual => CompareOp.LessEqual,
        TokenKind.Greater => CompareOp.Greater,
        _ => CompareOp.GreaterEqual,
    };

    private static ArithmeticOp ToArithmeticOp(TokenKind kind) => kind switch
    {
        TokenKind.Plus => ArithmeticOp.Add,
        TokenKind.Minus => ArithmeticOp.Subtract,
        TokenKind.Star => ArithmeticOp.Multiply,
        TokenKind.Slash => ArithmeticOp.Divide,
        TokenKind.Percent => ArithmeticOp.Modulo,
        TokenKind.Power => ArithmeticOp.Power,
        TokenKind.Ampersand => ArithmeticOp.BitAnd,
        TokenKind.Pipe => ArithmeticOp.BitOr,
        TokenKind.Caret => ArithmeticOp.BitXor,
        TokenKind.ShiftLeft => ArithmeticOp.ShiftLeft,
        _ => ArithmeticOp.ShiftRight,
    };
}

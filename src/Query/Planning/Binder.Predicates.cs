using OrleansVector.Query.Evaluation;
using OrleansVector.Query.Schema;
using OrleansVector.Query.Syntax;

namespace OrleansVector.Query.Planning;

/// <summary>Comparisons, membership, patterns, null tests and functions.</summary>
internal sealed partial class Binder
{
    private Predicate BindComparison(int position, PlanNode left, CompareOp op, PlanNode right)
    {
        if (left is ConstantNode a && right is ConstantNode b)
        {
            return new ConstantPredicate(position, op.Holds(CompareConstants(position, op, a, b)));
        }

        if (left is ConstantNode || (right is JsonPath && left is not JsonPath))
        {
            (left, right, op) = (right, left, op.Swap());
        }

        switch (left)
        {
            case JsonPath path when right is ConstantNode c:
                if (op.IsOrdering() && c.Value.Kind is FilterValueKind.Bool or FilterValueKind.Array)
                {
                    throw new ExpressionException($"operator '{op.Symbol()}' cannot order {Describe(left)} against {Describe(right)}", position);
                }

                return new JsonComparePredicate(position, path, op, c.Value);
            case JsonPath path when right is NumericExpr numeric:
                return new NumericComparePredicate(position, new JsonNumberNode(path.Position, path, NumericKind.Float), op, numeric);
            case NumericExpr numeric when right is ConstantNode { Value.IsNumeric: true } c:
                return numeric is NumericColumnNode column
                    ? ColumnComparison(position, column.Field, op, c.Value)
                    : new NumericComparePredicate(position, numeric, op, new NumericConstantNode(c.Position, c.Value));
            case NumericExpr numeric when right is NumericExpr other:
                return new NumericComparePredicate(position, numeric, op, other);
            case StringExpr text when right is ConstantNode { Value.Kind: FilterValueKind.String } c:
                return new StringComparePredicate(position, text, op, c.Value, null);
            case StringExpr text when right is StringExpr other:
                return new StringComparePredicate(position, text, op, null, other);
            case BoolExpr flag when !op.IsOrdering() && right is ConstantNode { Value.Kind: FilterValueKind.Bool } c:
                var equal = c.Value.AsBool == (op == CompareOp.Equal);
                return new BoolComparePredicate(position, flag, acceptTrue: equal, acceptFalse: !equal);
            case BoolExpr flag when !op.IsOrdering() && right is BoolExpr other:
                return new BoolComparePredicate(position, flag, op == CompareOp.Equal, other);
            default:
                throw new ExpressionException($"operator '{op.Symbol()}' cannot compare {Describe(left)} with {Describe(right)}", position);
        }
    }

    private static int CompareConstants(int position, CompareOp op, ConstantNode a, ConstantNode b)
    {
        var comparable = (a.Value.IsNumeric && b.Value.IsNumeric)
            || (a.Value.Kind == b.Value.Kind && a.Value.Kind == FilterValueKind.String)
            || (a.Value.Kind == b.Value.Kind && a.Value.Kind == FilterValueKind.Bool && !op.IsOrdering());
        return comparable
            ? a.Value.CompareTo(b.Value)
            : throw new ExpressionException($"operator '{op.Symbol()}' cannot compare {Describe(a)} with {Describe(b)}", position);
    }

    /// <summary>
    /// A numeric field against a constant: the SIMD kernel over the column in its own type. Integer fields get the
    /// constant rewritten into their range; Float fields compare with the constant rounded to Float, as Milvus does.
    /// </summary>
    private static Predicate ColumnComparison(int position, FieldRef field, CompareOp op, FilterValue constant)
    {
        switch (field.Field.DataType)
        {
            case DataType.Int8: return IntegerColumn<sbyte>(position, field, op, constant);
            case DataType.Int16: return IntegerColumn<short>(position, field, op, constant);
            case DataType.Int32: return IntegerColumn<int>(position, field, op, constant);
            case DataType.Int64: return IntegerColumn<long>(position, field, op, constant);
            case DataType.Double: return new ColumnComparePredicate<double>(position, field, op, constant.AsDouble);
            default: return new ColumnComparePredicate<float>(position, field, op, (float)constant.AsDouble);
        }
    }

    private static Predicate IntegerColumn<T>(int position, FieldRef field, CompareOp op, FilterValue constant)
        where T : unmanaged, System.Numerics.IBinaryInteger<T>, System.Numerics.IMinMaxValue<T>
    {
        var comparison = IntegerComparison.Create(op, constant, long.CreateChecked(T.MinValue), long.CreateChecked(T.MaxValue));
        return comparison.Kind switch
        {
            IntegerComparisonKind.Compare => new ColumnComparePredicate<T>(position, field, comparison.Op, T.CreateChecked(comparison.Constant)),
            IntegerComparisonKind.AlwaysTrue => new FieldConstantPredicate(position, field, true),
            _ => new FieldConstantPredicate(position, field, false),
        };
    }

    private Predicate BindIn(InSyntax syntax)
    {
        var operand = Bind(syntax.Operand);
        var list = Bind(syntax.List) is ConstantNode { Value.Kind: FilterValueKind.Array } c
            ? c.Value.Items
            : throw new ExpressionException("'in' needs a list of constants such as [1, 2] or a template variable holding one", syntax.List.Position);
        Predicate predicate = operand switch
        {
            ConstantNode constant => new ConstantPredicate(syntax.Position, list.Contains(constant.Value)),
            JsonPath path => new JsonInPredicate(syntax.Position, path, list),
            NumericExpr numeric => new NumericInPredicate(syntax.Position, numeric, CheckItems(list, v => v.IsNumeric, operand, syntax.List.Position)),
            StringExpr text => new StringInPredicate(syntax.Position, text, CheckItems(list, v => v.Kind == FilterValueKind.String, operand, syntax.List.Position)),
            BoolExpr flag => new BoolComparePredicate(
                syntax.Position,
                flag,
                acceptTrue: CheckItems(list, v => v.Kind == FilterValueKind.Bool, operand, syntax.List.Position).Any(v => v.AsBool),
                acceptFalse: list.Any(v => !v.AsBool)),
            _ => throw new ExpressionException($"'in' cannot test {Describe(operand)}", syntax.Operand.Position),
        };
        return syntax.Negated ? new NotPredicate(syntax.Position, predicate) : predicate;
    }

    private static IReadOnlyList<FilterValue> CheckItems(IReadOnlyList<FilterValue> items, Func<FilterValue, bool> fits, PlanNode operand, int position)
    {
        foreach (var item in items)
        {
            if (!fits(item))
            {
                throw new ExpressionException($"the list holds {item.Kind} value {item}, which cannot be compared with {Describe(operand)}", position);
            }
        }

        return items;
    }

    private Predicate BindLike(LikeSyntax syntax)
    {
        var operand = Bind(syntax.Operand);
        var pattern = Bind(syntax.Pattern) is ConstantNode { Value.Kind: FilterValueKind.String } c
            ? new LikePattern(c.Value.AsString)
            : throw new ExpressionException("'like' needs a string pattern", syntax.Pattern.Position);
        Predicate predicate = operand switch
        {
            StringExpr text => new LikePredicate(syntax.Position, text, pattern),
            JsonPath path => new JsonLikePredicate(syntax.Position, path, pattern),
            _ => throw new ExpressionException($"'like' needs a VarChar or JSON operand, not {Describe(operand)}", syntax.Operand.Position),
        };
        return syntax.Negated ? new NotPredicate(syntax.Position, predicate) : predicate;
    }

    private Predicate BindIsNull(IsNullSyntax syntax)
    {
        var operand = Bind(syntax.Operand);
        FieldRef? field = operand switch
        {
            NumericColumnNode n => n.Field,
            StringColumnNode s => s.Field,
            BoolColumnNode b => b.Field,
            ArrayFieldNode a => a.Field,
            JsonPath { Segments.Count: 0 } p => p.Field,
            _ => null,
        };
        if (field is not null)
        {
            return new IsNullPredicate(syntax.Position, field, syntax.Negated);
        }

        return operand is JsonPath path
            ? new JsonIsNullPredicate(syntax.Position, path, syntax.Negated)
            : throw new ExpressionException($"'is null' needs a field or a JSON path, not {Describe(operand)}", syntax.Operand.Position);
    }
}

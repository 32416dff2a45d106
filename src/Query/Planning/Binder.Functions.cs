using OrleansVector.Query.Schema;
using OrleansVector.Query.Syntax;

namespace OrleansVector.Query.Planning;

/// <summary>json_contains*, array_contains* (interchangeable, as in Milvus's grammar) and array_length.</summary>
internal sealed partial class Binder
{
    private static readonly Dictionary<string, ContainsMode> ContainsFunctions = new(StringComparer.Ordinal)
    {
        ["json_contains"] = ContainsMode.One, ["JSON_CONTAINS"] = ContainsMode.One,
        ["array_contains"] = ContainsMode.One, ["ARRAY_CONTAINS"] = ContainsMode.One,
        ["json_contains_all"] = ContainsMode.All, ["JSON_CONTAINS_ALL"] = ContainsMode.All,
        ["array_contains_all"] = ContainsMode.All, ["ARRAY_CONTAINS_ALL"] = ContainsMode.All,
        ["json_contains_any"] = ContainsMode.Any, ["JSON_CONTAINS_ANY"] = ContainsMode.Any,
        ["array_contains_any"] = ContainsMode.Any, ["ARRAY_CONTAINS_ANY"] = ContainsMode.Any,
    };

    private PlanNode BindCall(CallSyntax call)
    {
        if (call.Name is "array_length" or "ARRAY_LENGTH")
        {
            CheckArity(call, 1);
            return Bind(call.Arguments[0]) switch
            {
                ArrayFieldNode array => new ArrayLengthNode(call.Position, array.Field),
                JsonPath path => new ArrayLengthNode(call.Position, path),
                var other => throw new ExpressionException($"{call.Name} needs an Array field or a JSON path, not {Describe(other)}", call.Arguments[0].Position),
            };
        }

        if (!ContainsFunctions.TryGetValue(call.Name, out var mode))
        {
            throw new ExpressionException($"unknown function '{call.Name}'", call.Position);
        }

        CheckArity(call, 2);
        var target = Bind(call.Arguments[0]);
        var argument = Bind(call.Arguments[1]) as ConstantNode
            ?? throw new ExpressionException($"the second argument of {call.Name} must be a constant", call.Arguments[1].Position);
        IReadOnlyList<FilterValue> values = mode == ContainsMode.One
            ? [argument.Value]
            : argument.Value.Kind == FilterValueKind.Array
                ? argument.Value.Items
                : throw new ExpressionException($"the second argument of {call.Name} must be a list", argument.Position);
        return target switch
        {
            JsonPath path => new JsonContainsPredicate(call.Position, path, mode, values),
            ArrayFieldNode array => ArrayContains(call, array.Field, mode, values, argument.Position),
            _ => throw new ExpressionException($"{call.Name} needs a JSON or Array field as its first argument, not {Describe(target)}", call.Arguments[0].Position),
        };
    }

    private static void CheckArity(CallSyntax call, int count)
    {
        if (call.Arguments.Count != count)
        {
            throw new ExpressionException($"{call.Name} takes {count} argument{(count == 1 ? "" : "s")}, not {call.Arguments.Count}", call.Position);
        }
    }

    private static Predicate ArrayContains(CallSyntax call, FieldRef array, ContainsMode mode, IReadOnlyList<FilterValue> values, int position)
    {
        var element = array.Field.ElementType;
        bool Fits(Func<FilterValue, bool> fits) => values.All(fits)
            ? true
            : throw new ExpressionException($"{call.Name} on Array field '{array.Name}' of {element} cannot look for {values.First(v => !fits(v))}", position);

        if (DataTypes.IsString(element))
        {
            Fits(v => v.Kind == FilterValueKind.String);
            return new StringArrayContainsPredicate(call.Position, array, mode, values);
        }

        if (element == DataType.Bool)
        {
            Fits(v => v.Kind == FilterValueKind.Bool);
            return new ArrayContainsPredicate<bool>(call.Position, array, mode, [.. values.Select(v => v.AsBool)], false);
        }

        Fits(v => v.IsNumeric);
        return element switch
        {
            DataType.Int8 => Integers<sbyte>(call, array, mode, values),
            DataType.Int16 => Integers<short>(call, array, mode, values),
            DataType.Int32 => Integers<int>(call, array, mode, values),
            DataType.Int64 => Integers<long>(call, array, mode, values),
            DataType.Float => Convert<float>(call, array, mode, values, v => (float)v.AsDouble),
            _ => Convert<double>(call, array, mode, values, v => v.AsDouble),
        };
    }

    private static Predicate Integers<T>(CallSyntax call, FieldRef array, ContainsMode mode, IReadOnlyList<FilterValue> values)
        where T : unmanaged, System.Numerics.IBinaryInteger<T>, System.Numerics.IMinMaxValue<T> =>
        Convert<T>(call, array, mode, values, v =>
        {
            var equal = IntegerComparison.Create(CompareOp.Equal, v, long.CreateChecked(T.MinValue), long.CreateChecked(T.MaxValue));
            return equal.Kind == IntegerComparisonKind.Compare ? T.CreateChecked(equal.Constant) : (T?)null;
        });

    private static Predicate Convert<T>(CallSyntax call, FieldRef array, ContainsMode mode, IReadOnlyList<FilterValue> values, Func<FilterValue, T?> convert)
        where T : unmanaged, IEquatable<T>
    {
        var converted = values.Select(convert).ToList();
        T[] representable = [.. converted.Where(v => v.HasValue).Select(v => v!.Value)];
        return new ArrayContainsPredicate<T>(call.Position, array, mode, representable, representable.Length != converted.Count);
    }
}

using System.Globalization;

namespace OrleansVector.Query.Tests;

/// <summary>A well-typed expression of the property test: rendered as filter text and interpreted row by row.</summary>
internal abstract record Pred
{
    public abstract string Render();
}

internal abstract record Value
{
    /// <summary>True for Int64 values, false for Double.</summary>
    public abstract bool IsInt { get; }

    public abstract string Render();
}

internal sealed record Field(string Name, bool Integer) : Value
{
    public override bool IsInt => Integer;

    public override string Render() => Name;
}

internal sealed record IntConst(long Value) : Value
{
    public override bool IsInt => true;

    public override string Render() => Value < 0 ? $"({Value.ToString(CultureInfo.InvariantCulture)})" : Value.ToString(CultureInfo.InvariantCulture);
}

internal sealed record DoubleConst(double Value) : Value
{
    public override bool IsInt => false;

    public override string Render() => Value < 0 ? $"({Format(Value)})" : Format(Value);

    /// <summary>A double literal that reads back as a double (never as an integer).</summary>
    public static string Format(double value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.Contains('.', StringComparison.Ordinal) || text.Contains('E', StringComparison.Ordinal) ? text : text + ".0";
    }
}

internal sealed record Arith(string Op, Value Left, Value Right) : Value
{
    public override bool IsInt => Op != "**" && Left.IsInt && Right.IsInt;

    public override string Render() => $"({Left.Render()} {Op} {Right.Render()})";
}

internal sealed record Negate(Value Operand) : Value
{
    public override bool IsInt => Operand.IsInt;

    public override string Render() => $"-({Operand.Render()})";
}

internal sealed record ArrayLength : Value
{
    public override bool IsInt => true;

    public override string Render() => "array_length(arr)";
}

internal sealed record ArrayElement(int Index) : Value
{
    public override bool IsInt => true;

    public override string Render() => $"arr[{Index}]";
}

internal sealed record Compare(Value Left, string Op, Value Right) : Pred
{
    public override string Render() => $"({Left.Render()} {Op} {Right.Render()})";
}

internal sealed record InList(Value Operand, IReadOnlyList<Value> Items, bool Negated) : Pred
{
    public override string Render() => $"({Operand.Render()} {(Negated ? "not in" : "in")} [{string.Join(", ", Items.Select(i => i.Render()))}])";
}

internal sealed record StringCompare(string Op, string? Constant) : Pred
{
    public override string Render() => $"(s {Op} {(Constant is null ? "s" : Quote(Constant))})";

    public static string Quote(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}

internal sealed record StringIn(IReadOnlyList<string> Items, bool Negated) : Pred
{
    public override string Render() => $"(s {(Negated ? "not in" : "in")} [{string.Join(", ", Items.Select(StringCompare.Quote))}])";
}

internal sealed record Like(string Pattern, bool Negated) : Pred
{
    public override string Render() => $"(s {(Negated ? "not like" : "like")} {StringCompare.Quote(Pattern)})";
}

internal sealed record IsNull(string Field, bool Negated) : Pred
{
    public override string Render() => $"({Field} is {(Negated ? "not " : "")}null)";
}

internal sealed record BoolField(bool? Constant, bool Equal) : Pred
{
    public override string Render() => Constant is { } c ? $"(f {(Equal ? "==" : "!=")} {(c ? "true" : "false")})" : "f";
}

internal sealed record JsonCompare(string Op, object Constant) : Pred
{
    public override string Render() => $"(j[\"x\"] {Op} {RenderConstant(Constant)})";

    public static string RenderConstant(object constant) => constant switch
    {
        string s => StringCompare.Quote(s),
        bool b => b ? "true" : "false",
        double d => DoubleConst.Format(d),
        _ => Convert.ToString(constant, CultureInfo.InvariantCulture)!,
    };
}

internal sealed record JsonIn(IReadOnlyList<object> Items) : Pred
{
    public override string Render() => $"(j[\"x\"] in [{string.Join(", ", Items.Select(JsonCompare.RenderConstant))}])";
}

internal sealed record JsonExists : Pred
{
    public override string Render() => "(exists j[\"x\"])";
}

internal sealed record ArrayContains(string Mode, IReadOnlyList<long> Items) : Pred
{
    public override string Render() => Mode == "one"
        ? $"array_contains(arr, {Items[0]})"
        : $"array_contains_{Mode}(arr, [{string.Join(", ", Items)}])";
}

internal sealed record Logic(string Op, Pred Left, Pred Right) : Pred
{
    public override string Render() => $"({Left.Render()} {Op} {Right.Render()})";
}

internal sealed record Not(Pred Operand) : Pred
{
    public override string Render() => $"(not {Operand.Render()})";
}

/// <summary>Builds random well-typed expressions over <see cref="RandomDataset.Schema"/>.</summary>
internal sealed class ExpressionGenerator(Random random)
{
    private static readonly string[] CompareOps = ["==", "!=", "<", "<=", ">", ">="];
    private static readonly string[] LogicOps = ["and", "or", "&&", "||", "AND", "OR"];
    private static readonly string[] Patterns = ["a%", "%b", "%a%", "a_", "_", "%", "é%", "a\\_b", "%\\%b", "_%_", "", "日_", "a%b%"];

    public Pred Predicate(int depth)
    {
        if (depth > 0 && random.Next(3) > 0)
        {
            return random.Next(5) switch
            {
                0 => new Not(Predicate(depth - 1)),
                _ => new Logic(Pick(LogicOps), Predicate(depth - 1), Predicate(depth - 1)),
            };
        }

        switch (random.Next(12))
        {
            case 0:
            case 1:
            case 2:
                return new Compare(Number(2, false), Pick(CompareOps), Number(1, false));
            case 3:
                var operand = Number(1, false);
                return new InList(operand, [.. Enumerable.Range(0, random.Next(0, 12)).Select(_ => Constant(operand.IsInt && random.Next(4) > 0))], random.Next(2) == 0);
            case 4:
                return new StringCompare(Pick(CompareOps), random.Next(5) == 0 ? null : Pick(RandomDataset.Strings));
            case 5:
                return random.Next(2) == 0
                    ? new StringIn([.. Enumerable.Range(0, random.Next(0, 4)).Select(_ => Pick(RandomDataset.Strings))], random.Next(2) == 0)
                    : new Like(Pick(Patterns), random.Next(3) == 0);
            case 6:
                return new IsNull(Pick(["a", "d", "s", "f", "j", "b"]), random.Next(2) == 0);
            case 7:
                return new BoolField(random.Next(3) == 0 ? null : random.Next(2) == 0, random.Next(2) == 0);
            case 8:
                var constant = JsonConstant();
                return new JsonCompare(constant is bool ? Pick(["==", "!="]) : Pick(CompareOps), constant);
            case 9:
                return random.Next(3) == 0 ? new JsonExists() : new JsonIn([.. Enumerable.Range(0, random.Next(0, 4)).Select(_ => JsonConstant())]);
            default:
                var mode = Pick(["one", "all", "any"]);
                return new ArrayContains(mode, [.. Enumerable.Range(0, mode == "one" ? 1 : random.Next(0, 4)).Select(_ => (long)random.Next(-3, 4))]);
        }
    }

    private Value Number(int depth, bool integerOnly)
    {
        if (depth > 0 && random.Next(2) == 0)
        {
            if (random.Next(8) == 0)
            {
                return new Negate(Number(depth - 1, integerOnly));
            }

            var op = integerOnly || random.Next(3) == 0 ? Pick(["%", "&", "|", "^", "<<", ">>", "+", "-", "*", "/"]) : Pick(["+", "-", "*", "/", "**"]);
            var needsInt = op is "%" or "&" or "|" or "^" or "<<" or ">>";
            var left = Number(depth - 1, needsInt || integerOnly);
            // Shift counts past 63 leave a row without a value; with a constant on the left they are a compile error instead.
            var right = op switch
            {
                "<<" or ">>" => new IntConst(random.Next(0, IsConstant(left) ? 64 : 70)),
                // A constant divided by a constant zero is a compile error; keep a field on one side.
                "/" or "%" when IsConstant(left) => new Field("b", true),
                _ => Number(depth - 1, needsInt || integerOnly),
            };
            return new Arith(op, left, right);
        }

        return random.Next(9) switch
        {
            0 => new Field("a", true),
            1 => new Field("b", true),
            2 => new Field("c", true),
            3 => new Field("id", true),
            4 when !integerOnly => new Field("d", false),
            5 => new ArrayLength(),
            6 => new ArrayElement(random.Next(0, 4)),
            _ => Constant(integerOnly || random.Next(3) > 0),
        };
    }

    private static bool IsConstant(Value value) => value switch
    {
        IntConst or DoubleConst => true,
        Negate negate => IsConstant(negate.Operand),
        Arith arith => IsConstant(arith.Left) && IsConstant(arith.Right),
        _ => false,
    };

    private Value Constant(bool integer) =>
        integer ? new IntConst(random.Next(-25, 26)) : new DoubleConst(random.Next(-40, 41) / 4.0);

    private object JsonConstant() => random.Next(4) switch
    {
        0 => (long)random.Next(-5, 6),
        1 => random.Next(-5, 6) + (random.Next(2) == 0 ? 0.5 : 0.0),
        2 => Pick(RandomDataset.Strings),
        _ => random.Next(2) == 0,
    };

    private T Pick<T>(T[] items) => items[random.Next(items.Length)];
}

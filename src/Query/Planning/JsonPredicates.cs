using System.Text.Json;
using OrleansVector.Query.Evaluation;

namespace OrleansVector.Query.Planning;

/// <summary>
/// A JSON path compared with a constant. As in Milvus, a missing key or a value of another type makes every
/// comparison false except <c>!=</c>, which is true; a null JSON field is null.
/// </summary>
internal sealed class JsonComparePredicate(int position, JsonPath path, CompareOp op, FilterValue constant) : RowPredicate(position)
{
    public JsonPath Path { get; } = path;

    public CompareOp Op { get; } = op;

    public FilterValue Constant { get; } = constant;

    protected override RowResult Test(EvaluationContext context, int row)
    {
        var state = Path.Read(context, row, out var element);
        if (state == ValueState.Null)
        {
            return RowResult.Null;
        }

        var order = state == ValueState.Present ? JsonValues.Compare(element, Constant) : null;
        var holds = order is { } o ? Op.Holds(o) : Op == CompareOp.NotEqual;
        return holds ? RowResult.True : RowResult.False;
    }
}

/// <summary><c>path in [...]</c>: true when the value equals one of the constants.</summary>
internal sealed class JsonInPredicate(int position, JsonPath path, IReadOnlyList<FilterValue> values) : RowPredicate(position)
{
    protected override RowResult Test(EvaluationContext context, int row)
    {
        var state = path.Read(context, row, out var element);
        return Of(state, state == ValueState.Present && JsonValues.EqualsAny(element, values));
    }
}

/// <summary><c>json_contains[_all|_any](path, ...)</c> over a JSON array; anything else at the path is false.</summary>
internal sealed class JsonContainsPredicate(int position, JsonPath path, ContainsMode mode, IReadOnlyList<FilterValue> values) : RowPredicate(position)
{
    protected override RowResult Test(EvaluationContext context, int row)
    {
        var state = path.Read(context, row, out var element);
        if (state != ValueState.Present || element.ValueKind != JsonValueKind.Array)
        {
            return Of(state, false);
        }

        return JsonValues.ArrayContains(element, mode, values) ? RowResult.True : RowResult.False;
    }
}

/// <summary><c>path like "pattern"</c>: false unless the value is a JSON string.</summary>
internal sealed class JsonLikePredicate(int position, JsonPath path, LikePattern pattern) : RowPredicate(position)
{
    protected override RowResult Test(EvaluationContext context, int row)
    {
        var state = path.Read(context, row, out var element);
        return Of(state, state == ValueState.Present && element.ValueKind == JsonValueKind.String && pattern.Matches(JsonValues.Utf8(element)));
    }
}

/// <summary><c>exists path</c>: the key is there (its value may be JSON null).</summary>
internal sealed class ExistsPredicate(int position, JsonPath path) : RowPredicate(position)
{
    protected override RowResult Test(EvaluationContext context, int row) => Of(path.Read(context, row, out _), true);
}

/// <summary><c>path is [not] null</c>: null when the field is null, the key is missing or its value is JSON null.</summary>
internal sealed class JsonIsNullPredicate(int position, JsonPath path, bool negated) : RowPredicate(position)
{
    protected override RowResult Test(EvaluationContext context, int row)
    {
        var isNull = path.Read(context, row, out var element) != ValueState.Present || element.ValueKind == JsonValueKind.Null;
        return isNull != negated ? RowResult.True : RowResult.False;
    }
}

using System.Text.Json;
using OrleansVector.Query.Evaluation;

namespace OrleansVector.Query.Planning;

/// <summary>
/// A path into a JSON field (or into <c>$meta</c>): object keys and array indexes. Reading it for a row uses the
/// context's parsed document, so several paths on one field parse that row once.
/// </summary>
internal sealed class JsonPath(int position, FieldRef field, IReadOnlyList<FilterValue> segments) : PlanNode(position)
{
    public FieldRef Field { get; } = field;

    public IReadOnlyList<FilterValue> Segments { get; } = segments;

    public ValueState Read(EvaluationContext context, int row, out JsonElement value)
    {
        var state = context.Json(Field, row, out value);
        if (state != ValueState.Present)
        {
            return state;
        }

        foreach (var segment in Segments)
        {
            if (segment.Kind == FilterValueKind.String)
            {
                if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty(segment.Utf8, out value))
                {
                    return ValueState.Missing;
                }
            }
            else
            {
                var index = segment.AsInt64;
                if (value.ValueKind != JsonValueKind.Array || index >= value.GetArrayLength())
                {
                    return ValueState.Missing;
                }

                value = value[(int)index];
            }
        }

        return ValueState.Present;
    }

    public override string ToString() =>
        Field.Name + string.Concat(Segments.Select(s => s.Kind == FilterValueKind.String ? $"[\"{s.AsString}\"]" : $"[{s.AsInt64}]"));
}

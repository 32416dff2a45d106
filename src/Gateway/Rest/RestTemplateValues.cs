using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Google.Protobuf.Collections;
using OrleansVector.Grains.Interfaces.Protocol;

namespace OrleansVector.Gateway.Rest;

/// <summary>
/// REST's exprParams ({"age": 25, "city": ["a", "b"]}) as the expr_template_values the filter's {name} placeholders bind
/// to: booleans, 64-bit integers, doubles, strings, and arrays typed by their elements (mixed arrays as JSON, as pymilvus sends them).
/// </summary>
public static class RestTemplateValues
{
    /// <summary>The "exprParams" member of <paramref name="owner"/> as template values; empty when there is none.</summary>
    public static MapField<string, TemplateValue> From(JsonObject owner)
    {
        var values = new MapField<string, TemplateValue>();
        switch (owner["exprParams"])
        {
            case null:
                break;
            case JsonObject parameters:
                foreach (var (name, value) in parameters)
                {
                    values[name] = Value(value, $"exprParams.{name}");
                }
                break;
            case var other:
                throw RestCall.Format("exprParams", "an object", other);
        }
        return values;
    }

    private static TemplateValue Value(JsonNode? node, string name) => node switch
    {
        JsonArray array => new TemplateValue { ArrayVal = Array(array, name) },
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => new TemplateValue { BoolVal = v.GetValue<bool>() },
        JsonValue v when v.GetValueKind() == JsonValueKind.String => new TemplateValue { StringVal = v.GetValue<string>() },
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.TryGetValue<long>(out var integer)
            ? new TemplateValue { Int64Val = integer }
            : new TemplateValue { FloatVal = v.GetValue<double>() },
        _ => throw RestCall.Format(name, "a boolean, number, string or array", node),
    };

    private static TemplateArrayValue Array(JsonArray array, string name)
    {
        var kinds = array.Select(Kind).Distinct().ToList();
        return kinds switch
        {
            [JsonValueKind.True or JsonValueKind.False] or [JsonValueKind.True, JsonValueKind.False] or [JsonValueKind.False, JsonValueKind.True] =>
                new TemplateArrayValue { BoolData = new BoolArray { Data = { array.Select(n => n!.GetValue<bool>()) } } },
            [JsonValueKind.Number] when array.All(n => n is JsonValue v && v.TryGetValue<long>(out _)) =>
                new TemplateArrayValue { LongData = new LongArray { Data = { array.Select(n => n!.GetValue<long>()) } } },
            [JsonValueKind.Number] => new TemplateArrayValue { DoubleData = new DoubleArray { Data = { array.Select(n => n!.GetValue<double>()) } } },
            [JsonValueKind.String] => new TemplateArrayValue { StringData = new StringArray { Data = { array.Select(n => n!.GetValue<string>()) } } },
            [JsonValueKind.Array] => new TemplateArrayValue
            {
                ArrayData = new TemplateArrayValueArray { Data = { array.Select((n, i) => Array((JsonArray)n!, $"{name}[{i}]")) } },
            },
            _ => new TemplateArrayValue { JsonData = new JSONArray { Data = { array.Select(n => ByteString.CopyFromUtf8(n?.ToJsonString() ?? "null")) } } },
        };
    }

    private static JsonValueKind Kind(JsonNode? node) => node?.GetValueKind() ?? JsonValueKind.Null;
}

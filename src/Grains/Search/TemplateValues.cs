using System.Text.Json;
using OrleansVector.Grains.Interfaces.Milvus;
using OrleansVector.Grains.Interfaces.Protocol;
using OrleansVector.Query;

namespace OrleansVector.Grains.Search;

/// <summary>Milvus expression template values (<c>expr_template_values</c>) as the filter language's constants.</summary>
internal static class TemplateValues
{
    public static Dictionary<string, FilterValue> Convert(IDictionary<string, TemplateValue> values)
    {
        var result = new Dictionary<string, FilterValue>(values.Count, StringComparer.Ordinal);
        foreach (var (name, value) in values)
        {
            result[name] = Convert(name, value);
        }
        return result;
    }

    private static FilterValue Convert(string name, TemplateValue value) => value.ValCase switch
    {
        TemplateValue.ValOneofCase.BoolVal => FilterValue.Bool(value.BoolVal),
        TemplateValue.ValOneofCase.Int64Val => FilterValue.Int64(value.Int64Val),
        TemplateValue.ValOneofCase.FloatVal => FilterValue.Double(value.FloatVal),
        TemplateValue.ValOneofCase.StringVal => FilterValue.String(value.StringVal),
        TemplateValue.ValOneofCase.ArrayVal => Convert(name, value.ArrayVal),
        _ => throw new MilvusException(MilvusErrorCode.ParameterInvalid, $"Template value '{name}' has no value this server reads ({value.ValCase})."),
    };

    private static FilterValue Convert(string name, TemplateArrayValue array) => array.DataCase switch
    {
        TemplateArrayValue.DataOneofCase.BoolData => FilterValue.Array(array.BoolData.Data.Select(FilterValue.Bool)),
        TemplateArrayValue.DataOneofCase.LongData => FilterValue.Array(array.LongData.Data.Select(FilterValue.Int64)),
        TemplateArrayValue.DataOneofCase.DoubleData => FilterValue.Array(array.DoubleData.Data.Select(FilterValue.Double)),
        TemplateArrayValue.DataOneofCase.StringData => FilterValue.Array(array.StringData.Data.Select(FilterValue.String)),
        TemplateArrayValue.DataOneofCase.ArrayData => FilterValue.Array(array.ArrayData.Data.Select(a => Convert(name, a))),
        TemplateArrayValue.DataOneofCase.JsonData => FilterValue.Array(array.JsonData.Data.Select(j => FromJson(name, j.ToStringUtf8()))),
        _ => FilterValue.Array(),
    };

    private static FilterValue FromJson(string name, string json)
    {
        using var document = JsonDocument.Parse(json);
        return FromJson(name, document.RootElement);
    }

    private static FilterValue FromJson(string name, JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.True => FilterValue.Bool(true),
        JsonValueKind.False => FilterValue.Bool(false),
        JsonValueKind.String => FilterValue.String(element.GetString()!),
        JsonValueKind.Number when element.TryGetInt64(out var integer) => FilterValue.Int64(integer),
        JsonValueKind.Number => FilterValue.Double(element.GetDouble()),
        JsonValueKind.Array => FilterValue.Array(element.EnumerateArray().Select(e => FromJson(name, e))),
        _ => throw new MilvusException(MilvusErrorCode.ParameterInvalid, $"Template value '{name}' holds a JSON {element.ValueKind}, which filters cannot compare."),
    };
}

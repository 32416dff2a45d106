using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using OrleansVector.Grains.Interfaces.Messages;
using OrleansVector.Grains.Interfaces.Milvus;
using OrleansVector.Grains.Rows;
using OrleansVector.Grains.Schema;
using OrleansVector.Kernels;
using KeyValuePair = OrleansVector.Grains.Interfaces.Protocol.KeyValuePair;

namespace OrleansVector.Grains.Search;

/// <summary>
/// The search_params of a Milvus SearchRequest (all strings): anns_field, topk, offset, metric_type, the index
/// parameters JSON in "params", round_decimal, group_by_field and group_size; checked against the schema and limits.
/// </summary>
internal sealed class SearchArguments
{
    /// <summary>Milvus's limit on topk, nq and offset + topk.</summary>
    public const int MaxTopK = 16384;

    private static readonly BoundedCache<string, FrozenDictionary<string, string>> ParsedParameters = new(capacity: 256, StringComparer.Ordinal);

    public required FieldSpec Field { get; init; }

    public required int TopK { get; init; }

    public required int Offset { get; init; }

    public required string MetricType { get; init; }

    /// <summary>The index search parameters; shared between searches, so read-only.</summary>
    public required FrozenDictionary<string, string> IndexParameters { get; init; }

    public required int RoundDecimal { get; init; }

    public string GroupByField { get; init; } = "";

    public int GroupSize { get; init; } = 1;

    public required PlaceholderValue Queries { get; init; }

    public bool LargerIsCloser => Metrics.LargerIsCloser(Metrics.Parse(MetricType));

    public static SearchArguments Parse(SchemaView schema, IReadOnlyList<KeyValuePair> pairs, ReadOnlySpan<byte> placeholderGroup)
    {
        // One pass over the pairs, a later pair replacing an earlier one with the same key, as a dictionary would.
        string? annsField = null, topK = null, offset = null, metric = null, parameters = null, roundDecimal = null, groupBy = null, groupSize = null;
        for (var i = 0; i < pairs.Count; i++)
        {
            var pair = pairs[i];
            switch (pair.Key)
            {
                case "anns_field": annsField = pair.Value; break;
                case "topk": topK = pair.Value; break;
                case "offset": offset = pair.Value; break;
                case "metric_type": metric = pair.Value; break;
                case "params": parameters = pair.Value; break;
                case "round_decimal": roundDecimal = pair.Value; break;
                case "group_by_field": groupBy = pair.Value; break;
                case "group_size": groupSize = pair.Value; break;
            }
        }
        var field = AnnsField(schema, annsField ?? "");
        var k = Integer(topK, "topk", null, 1, MaxTopK);
        var skip = Integer(offset, "offset", 0, 0, MaxTopK);
        if (k + skip > MaxTopK)
        {
            throw Invalid($"topk ({k}) + offset ({skip}) must not exceed {MaxTopK}.");
        }
        var indexParameters = IndexParametersOf(parameters ?? "");
        return new SearchArguments
        {
            Field = field,
            TopK = k,
            Offset = skip,
            MetricType = Metric(schema, field, metric ?? ""),
            IndexParameters = indexParameters,
            RoundDecimal = Integer(roundDecimal, "round_decimal", -1, -1, 6),
            GroupByField = groupBy ?? "",
            GroupSize = Integer(groupSize, "group_size", 1, 1, MaxTopK),
            Queries = Placeholder(placeholderGroup),
        };
    }

    /// <summary>The "params" JSON flattened, shared by every search that sends the same text.</summary>
    private static FrozenDictionary<string, string> IndexParametersOf(string json) =>
        ParsedParameters.GetOrAdd(json, 0, static (text, _) => FlattenJson(text).ToFrozenDictionary(StringComparer.Ordinal));

    private static FieldSpec AnnsField(SchemaView schema, string name)
    {
        if (name.Length > 0)
        {
            return schema.TryGetField(name, out var field) && field.IsVector
                ? field
                : throw new MilvusException(MilvusErrorCode.FieldNotFound, $"anns_field '{name}' is not a vector field of collection '{schema.Collection.Name}'.");
        }
        var vectors = schema.VectorFields.ToList();
        return vectors.Count == 1 ? vectors[0] : throw Invalid($"Collection '{schema.Collection.Name}' has {vectors.Count} vector fields; search_params must name one in anns_field.");
    }

    /// <summary>The request's metric, or the metric of the field's index; a metric other than the index's is an error, as in Milvus.</summary>
    private static string Metric(SchemaView schema, FieldSpec field, string requested)
    {
        var indexed = IndexedMetric(schema, field);
        var metric = requested.Length > 0 ? requested : indexed.Length > 0 ? indexed : DataTypes.DefaultMetric(field.Type);
        if (indexed.Length > 0 && !string.Equals(metric, indexed, StringComparison.OrdinalIgnoreCase))
        {
            throw Invalid($"metric type not match: the index on field '{field.Name}' uses {indexed}, the search asks for {metric}.");
        }
        try
        {
            return Metrics.MilvusName(Metrics.Parse(metric));
        }
        catch (ArgumentException e)
        {
            throw Invalid($"metric_type '{metric}' is not valid: {e.Message}");
        }
    }

    /// <summary>The metric_type of the first index defined on <paramref name="field"/>; empty when none says.</summary>
    private static string IndexedMetric(SchemaView schema, FieldSpec field)
    {
        foreach (var index in schema.Collection.Indexes)
        {
            if (index.FieldId == field.Id || index.FieldName == field.Name)
            {
                foreach (var parameter in index.Params)
                {
                    if (parameter.Key == "metric_type")
                    {
                        return parameter.Value;
                    }
                }
                return "";
            }
        }
        return "";
    }

    private static PlaceholderValue Placeholder(ReadOnlySpan<byte> bytes)
    {
        PlaceholderGroup group;
        try
        {
            group = PlaceholderGroup.Parser.ParseFrom(bytes);
        }
        catch (Google.Protobuf.InvalidProtocolBufferException e)
        {
            throw Invalid($"placeholder_group is not a serialized PlaceholderGroup: {e.Message}");
        }
        PlaceholderValue? value = null;
        for (var i = 0; i < group.Placeholders.Count && value is null; i++)
        {
            value = group.Placeholders[i].Tag == "$0" ? group.Placeholders[i] : null;
        }
        if (value is null)
        {
            throw Invalid("placeholder_group holds no placeholder with tag \"$0\".");
        }
        if (value.Values.Count is 0 or > MaxTopK)
        {
            throw Invalid($"nq ({value.Values.Count}) must be in [1, {MaxTopK}].");
        }
        return value;
    }

    /// <summary>An integer request parameter within [min, max]; missing = <paramref name="fallback"/>, or ParameterMissing without one.</summary>
    public static int Integer(Dictionary<string, string> values, string key, int? fallback, int min, int max, string source = "search_params") =>
        Integer(values.GetValueOrDefault(key), key, fallback, min, max, source);

    private static int Integer(string? text, string key, int? fallback, int min, int max, string source = "search_params")
    {
        if (text is null || text.Length == 0)
        {
            return fallback ?? throw new MilvusException(MilvusErrorCode.ParameterMissing, $"{source} must give '{key}'.");
        }
        return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? (int)value
            : throw Invalid($"{source} {key} = '{text}' is out of range; valid range is [{min}, {max}].");
    }

    /// <summary>The "params" JSON object with every value as a string (numbers and booleans as written, nested values as JSON).</summary>
    public static Dictionary<string, string> FlattenJson(string json)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(json))
        {
            return result;
        }
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw Invalid($"search_params 'params' must be a JSON object, not {document.RootElement.ValueKind}.");
            }
            foreach (var property in document.RootElement.EnumerateObject())
            {
                result[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
            }
        }
        catch (JsonException e)
        {
            throw Invalid($"search_params 'params' is not valid JSON: {e.Message}");
        }
        return result;
    }

    private static MilvusException Invalid(string message) => new(MilvusErrorCode.ParameterInvalid, message);
}

using System.Globalization;
using System.Text.Json;
using OrleansVector.Grains.Interfaces.Messages;
using OrleansVector.Grains.Interfaces.Milvus;
using OrleansVector.Grains.Interfaces.Protocol;
using OrleansVector.Grains.Rows;
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

    public required FieldSpec Field { get; init; }

    public required int TopK { get; init; }

    public required int Offset { get; init; }

    public required string MetricType { get; init; }

    public required Dictionary<string, string> IndexParameters { get; init; }

    public required int RoundDecimal { get; init; }

    public string GroupByField { get; init; } = "";

    public int GroupSize { get; init; } = 1;

    public required PlaceholderValue Queries { get; init; }

    public bool LargerIsCloser => Metrics.LargerIsCloser(Metrics.Parse(MetricType));

    public static SearchArguments Parse(SchemaView schema, IEnumerable<KeyValuePair> pairs, ReadOnlySpan<byte> placeholderGroup)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            values[pair.Key] = pair.Value;
        }
        var field = AnnsField(schema, values.GetValueOrDefault("anns_field", ""));
        var topK = Integer(values, "topk", null, 1, MaxTopK);
        var offset = Integer(values, "offset", 0, 0, MaxTopK);
        if (topK + offset > MaxTopK)
        {
            throw Invalid($"topk ({topK}) + offset ({offset}) must not exceed {MaxTopK}.");
        }
        var parameters = FlattenJson(values.GetValueOrDefault("params", ""));
        return new SearchArguments
        {
            Field = field,
            TopK = topK,
            Offset = offset,
            MetricType = Metric(schema, field, values.GetValueOrDefault("metric_type", "")),
            IndexParameters = parameters,
            RoundDecimal = Integer(values, "round_decimal", -1, -1, 6),
            GroupByField = values.GetValueOrDefault("group_by_field", ""),
            GroupSize = Integer(values, "group_size", 1, 1, MaxTopK),
            Queries = Placeholder(placeholderGroup),
        };
    }

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
        var index = schema.Collection.Indexes.FirstOrDefault(i => i.FieldId == field.Id || i.FieldName == field.Name);
        var indexed = index?.Params.FirstOrDefault(p => p.Key == "metric_type")?.Value ?? "";
        var fallback = field.Type == DataType.BinaryVector ? "HAMMING" : field.Type == DataType.SparseFloatVector ? "IP" : "COSINE";
        var metric = requested.Length > 0 ? requested : indexed.Length > 0 ? indexed : fallback;
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
        var value = group.Placeholders.FirstOrDefault(p => p.Tag == "$0")
            ?? throw Invalid("placeholder_group holds no placeholder with tag \"$0\".");
        if (value.Values.Count is 0 or > MaxTopK)
        {
            throw Invalid($"nq ({value.Values.Count}) must be in [1, {MaxTopK}].");
        }
        return value;
    }

    /// <summary>An integer request parameter within [min, max]; missing = <paramref name="fallback"/>, or ParameterMissing without one.</summary>
    public static int Integer(Dictionary<string, string> values, string key, int? fallback, int min, int max, string source = "search_params")
    {
        if (!values.TryGetValue(key, out var text) || text.Length == 0)
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

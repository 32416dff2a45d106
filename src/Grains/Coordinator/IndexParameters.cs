using System.Text.Json;
using OrleansVector.Grains.Interfaces.Milvus;
using OrleansVector.Grains.Interfaces.Protocol;
using OrleansVector.Grains.Schema;
using OrleansVector.Index;
using KeyValuePair = OrleansVector.Grains.Interfaces.Protocol.KeyValuePair;

namespace OrleansVector.Grains.Coordinator;

/// <summary>
/// Turns CreateIndex's extra_params into an index definition's parameters: index_type, metric_type and the build
/// parameters, flattened. SDKs send the build parameters either as keys of their own (pymilvus) or as a "params" JSON
/// object (Node); both are accepted. AUTOINDEX (or no index_type) resolves as Milvus resolves it; the result is
/// validated by building an empty index with <see cref="VectorIndexFactory"/>.
/// </summary>
public static class IndexParameters
{
    public const string IndexType = "index_type";
    public const string MetricType = "metric_type";
    public const string Params = "params";
    public const string AutoIndex = "AUTOINDEX";

    /// <summary>The definition's parameters: index_type first, metric_type second, then the build parameters by name.</summary>
    public static List<KeyValuePair> Resolve(FieldSchema field, IEnumerable<KeyValuePair> extraParams)
    {
        if (!DataTypes.IsVector(field.DataType))
        {
            throw new MilvusException(MilvusErrorCode.IndexNotSupported,
                $"Field '{field.Name}' has data type {field.DataType}; only vector fields can be indexed (scalar indexes are not supported).");
        }
        var values = Flatten(extraParams);
        var kind = field.DataType switch
        {
            DataType.BinaryVector => VectorKind.Binary,
            DataType.SparseFloatVector => VectorKind.Sparse,
            _ => VectorKind.Dense,
        };
        var indexType = Take(values, IndexType).ToUpperInvariant();
        var metric = Take(values, MetricType).ToUpperInvariant();
        if (indexType.Length == 0 || indexType == AutoIndex)
        {
            // Milvus's AUTOINDEX ignores build parameters and picks its own.
            values.Clear();
            indexType = kind switch
            {
                VectorKind.Binary => IndexTypes.BinIvfFlat,
                VectorKind.Sparse => IndexTypes.SparseInvertedIndex,
                _ => IndexTypes.Hnsw,
            };
            if (kind == VectorKind.Binary)
            {
                values["nlist"] = "1024";
            }
            else if (kind == VectorKind.Dense)
            {
                values["M"] = "18";
                values["efConstruction"] = "240";
            }
        }
        if (metric.Length == 0)
        {
            metric = DataTypes.DefaultMetric(field.DataType);
        }
        if (kind == VectorKind.Sparse && metric == "BM25")
        {
            throw new MilvusException(MilvusErrorCode.ParameterInvalid,
                $"Invalid index on field '{field.Name}': metric type BM25 needs the field to be the output of a BM25 function (full-text search), which this server does not support; index sparse vectors with metric_type IP.");
        }
        if (IndexTypes.All.Contains(indexType) && KindOf(indexType) != kind)
        {
            throw new MilvusException(MilvusErrorCode.ParameterInvalid,
                $"Index type {indexType} does not fit {field.DataType} field '{field.Name}'; valid index types are {string.Join(", ", IndexTypes.All.Where(t => KindOf(t) == kind))}.");
        }
        try
        {
            VectorIndexFactory.Create(indexType, metric, TypeParams.Dimension(field), values);
        }
        catch (ArgumentException e)
        {
            throw new MilvusException(MilvusErrorCode.ParameterInvalid, $"Invalid index on field '{field.Name}': {e.Message}");
        }
        var result = new List<KeyValuePair> { new() { Key = IndexType, Value = indexType }, new() { Key = MetricType, Value = metric } };
        result.AddRange(values.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new KeyValuePair { Key = p.Key, Value = p.Value }));
        return result;
    }

    private enum VectorKind
    {
        Dense,
        Binary,
        Sparse,
    }

    private static VectorKind KindOf(string indexType) =>
        IndexTypes.IsBinary(indexType) ? VectorKind.Binary : IndexTypes.IsSparse(indexType) ? VectorKind.Sparse : VectorKind.Dense;

    private static Dictionary<string, string> Flatten(IEnumerable<KeyValuePair> extraParams)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in extraParams)
        {
            if (pair.Key == Params)
            {
                foreach (var (key, value) in ParseJsonObject(pair.Value))
                {
                    values[key] = value;
                }
            }
            else
            {
                values[pair.Key] = pair.Value;
            }
        }
        return values;
    }

    private static IEnumerable<(string Key, string Value)> ParseJsonObject(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new MilvusException(MilvusErrorCode.ParameterInvalid, $"Index parameter 'params' is not valid JSON: {e.Message}");
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new MilvusException(MilvusErrorCode.ParameterInvalid, $"Index parameter 'params' must be a JSON object, not {document.RootElement.ValueKind}.");
            }
            return document.RootElement.EnumerateObject().Select(p => (p.Name, Text(p.Value))).ToList();
        }
    }

    private static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() ?? "",
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => value.GetRawText(),
    };

    private static string Take(Dictionary<string, string> values, string key) =>
        values.Remove(key, out var value) ? value.Trim() : "";

    /// <summary>Parameters compare equal when they hold the same keys with the same values, in any order.</summary>
    public static bool SameAs(IEnumerable<KeyValuePair> left, IEnumerable<KeyValuePair> right) =>
        left.Select(p => (p.Key, p.Value)).ToHashSet().SetEquals(right.Select(p => (p.Key, p.Value)));
}

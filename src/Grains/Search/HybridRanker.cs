using System.Globalization;
using System.Text.Json;
using OrleansVector.Grains.Interfaces.Milvus;
using OrleansVector.Grains.Interfaces.Protocol;
using OrleansVector.Grains.Rows;
using OrleansVector.Kernels;
using KeyValuePair = OrleansVector.Grains.Interfaces.Protocol.KeyValuePair;

namespace OrleansVector.Grains.Search;

/// <summary>
/// Fuses the results of a hybrid search's sub-searches, as Milvus's rankers do. RRF: a hit scores the sum over lists of
/// 1 / (k + rank), rank from 1, k = 60 by default. Weighted: the sum of weight × score, scores first normalized to [0, 1]
/// by the metric (IP: 0.5 + atan(s)/π, COSINE: (1 + s)/2, L2 and other distances: 1 − 2·atan(d)/π; with norm_score false
/// only distances are turned so that larger is better). Then offset and limit from rank_params.
/// </summary>
internal sealed class HybridRanker
{
    private readonly bool _weighted;
    private readonly double _k;
    private readonly double[] _weights;
    private readonly bool _normalize;

    private HybridRanker(bool weighted, double k, double[] weights, bool normalize)
    {
        _weighted = weighted;
        _k = k;
        _weights = weights;
        _normalize = normalize;
    }

    public required int Limit { get; init; }

    public required int Offset { get; init; }

    public required int RoundDecimal { get; init; }

    public static HybridRanker Parse(IEnumerable<KeyValuePair> rankParams, int searches)
    {
        var values = rankParams.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var strategy = values.GetValueOrDefault("strategy", "rrf").ToLowerInvariant();
        var parameters = SearchArguments.FlattenJson(values.GetValueOrDefault("params", ""));
        var limit = SearchArguments.Integer(values, "limit", null, 1, SearchArguments.MaxTopK, "rank_params");
        var offset = SearchArguments.Integer(values, "offset", 0, 0, SearchArguments.MaxTopK, "rank_params");
        var round = SearchArguments.Integer(values, "round_decimal", -1, -1, 6, "rank_params");
        switch (strategy)
        {
            case "rrf":
                var k = parameters.TryGetValue("k", out var text) ? Number("k", text) : 60;
                if (k is <= 0 or >= 16384)
                {
                    throw Invalid($"RRF k = {k} is out of range; valid range is (0, 16384).");
                }
                return new HybridRanker(false, k, [], true) { Limit = limit, Offset = offset, RoundDecimal = round };
            case "weighted":
                var weights = parameters.TryGetValue("weights", out var list)
                    ? JsonSerializer.Deserialize<double[]>(list) ?? []
                    : throw Invalid("The weighted ranker needs params.weights, one per sub-search.");
                if (weights.Length != searches || weights.Any(w => w is < 0 or > 1))
                {
                    throw Invalid($"The weighted ranker needs {searches} weights in [0, 1], one per sub-search; it has {weights.Length}.");
                }
                var normalize = !parameters.TryGetValue("norm_score", out var norm) || !bool.TryParse(norm, out var on) || on;
                return new HybridRanker(true, 0, weights, normalize) { Limit = limit, Offset = offset, RoundDecimal = round };
            default:
                throw Invalid($"Ranker strategy '{strategy}' is not supported; use rrf or weighted.");
        }
    }

    /// <summary>The fused top <see cref="Limit"/> (after <see cref="Offset"/>) of every query, with the output columns of the hits.</summary>
    public SearchResultData Fuse(IReadOnlyList<SearchResultData> lists, IReadOnlyList<string> metrics, int queryCount)
    {
        var keys = lists.Select(l => PrimaryKeys.FromIds(l.Ids ?? new IDs())).ToArray();
        var starts = lists.Select(l => Starts(l, queryCount)).ToArray();
        var template = lists.FirstOrDefault(l => l.FieldsData.Count > 0)?.FieldsData;
        var builders = template?.Select(c => new FieldDataBuilder(c, lists.Any(l => l.FieldsData.Any(f => f.FieldName == c.FieldName && f.ValidData.Count > 0)))).ToArray() ?? [];
        var result = new SearchResultData { NumQueries = queryCount, TopK = Limit };
        var longs = new List<long>();
        var strings = new List<string>();
        for (var q = 0; q < queryCount; q++)
        {
            var fused = new Dictionary<object, (double Score, int List, int Index)>();
            for (var l = 0; l < lists.Count; l++)
            {
                for (var i = starts[l][q]; i < starts[l][q + 1]; i++)
                {
                    object key = keys[l].Longs is { } ls ? ls[i] : keys[l].Strings![i];
                    var contribution = _weighted ? _weights[l] * Normalize(metrics[l], lists[l].Scores[i]) : 1.0 / (_k + (i - starts[l][q]) + 1);
                    fused[key] = fused.TryGetValue(key, out var seen) ? (seen.Score + contribution, seen.List, seen.Index) : (contribution, l, i);
                }
            }
            var ranked = fused.OrderByDescending(f => f.Value.Score).ThenBy(f => f.Key.ToString(), StringComparer.Ordinal).Skip(Offset).Take(Limit).ToList();
            foreach (var (key, (score, list, index)) in ranked)
            {
                if (key is long number)
                {
                    longs.Add(number);
                }
                else
                {
                    strings.Add((string)key);
                }
                result.Scores.Add(RoundDecimal >= 0 ? MathF.Round((float)score, RoundDecimal) : (float)score);
                for (var c = 0; c < builders.Length; c++)
                {
                    builders[c].Append(lists[list].FieldsData.First(f => f.FieldName == template![c].FieldName), index);
                }
            }
            result.Topks.Add(ranked.Count);
        }
        result.Ids = strings.Count > 0 ? new IDs { StrId = new StringArray { Data = { strings } } } : new IDs { IntId = new LongArray { Data = { longs } } };
        result.FieldsData.AddRange(builders.Select(b => b.Build()));
        return result;
    }

    private double Normalize(string metric, float score)
    {
        var larger = Metrics.LargerIsCloser(Metrics.Parse(metric));
        if (!_normalize)
        {
            return larger ? score : 1 - (2 * Math.Atan(score) / Math.PI);
        }
        return Metrics.Parse(metric) switch
        {
            MetricType.IP => 0.5 + (Math.Atan(score) / Math.PI),
            MetricType.Cosine => (1 + score) / 2.0,
            _ => 1 - (2 * Math.Atan(score) / Math.PI),
        };
    }

    private static int[] Starts(SearchResultData list, int queryCount)
    {
        var starts = new int[queryCount + 1];
        for (var q = 0; q < queryCount; q++)
        {
            starts[q + 1] = starts[q] + (q < list.Topks.Count ? (int)list.Topks[q] : 0);
        }
        return starts;
    }

    private static double Number(string key, string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : throw Invalid($"Ranker parameter {key} = '{text}' is not a number.");

    private static MilvusException Invalid(string message) => new(MilvusErrorCode.ParameterInvalid, message);
}

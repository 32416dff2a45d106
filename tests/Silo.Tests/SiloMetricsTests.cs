using System.Globalization;
using System.Text.Json.Nodes;
using OrleansVector.Gateway.Tests;
using OrleansVector.TestSupport;

namespace OrleansVector.Silo.Tests;

/// <summary>/metrics of the real executable after writes: what the libraries measure on their meters reaches Prometheus text.</summary>
public sealed class SiloMetricsTests
{
    /// <summary>The sum of every sample of one metric (all its label sets).</summary>
    private static double Sum(IEnumerable<string> lines, string metric) => lines
        .Where(l => l.StartsWith(metric + "{", StringComparison.Ordinal) || l.StartsWith(metric + " ", StringComparison.Ordinal))
        .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));

    [Fact]
    public async Task After_inserts_metrics_show_wal_bytes_segments_by_state_and_activations_per_grain_type()
    {
        await using var silo = SiloProcess.Start();
        await silo.WaitUntilReadyAsync(SiloTimeouts.Start);
        using var http = new HttpClient { BaseAddress = silo.HttpUri };
        var rest = new RestClient(http);

        await rest.PostAsync("collections/create", new JsonObject { ["collectionName"] = "metered", ["dimension"] = 4 });
        await rest.PostAsync("entities/insert", new JsonObject
        {
            ["collectionName"] = "metered",
            ["data"] = new JsonArray(Enumerable.Range(0, 50)
                .Select(i => (JsonNode)new JsonObject { ["id"] = i, ["vector"] = new JsonArray(i, 1, 2, 3) }).ToArray()),
        });
        var text = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        var lines = text.Split('\n');

        // Acknowledged inserts were made durable in the WAL first: 50 rows of a 4-float vector are well over 50 * 16 bytes.
        Assert.True(Sum(lines, "orleansvector_wal_appended_bytes_total") > 50 * 16, text);
        Assert.Contains("# TYPE orleansvector_runtime_activations gauge", lines);
        Assert.True(Sum(lines.Where(l => l.Contains("grain_type=\"collection\"", StringComparison.Ordinal)), "orleansvector_runtime_activations") == 1, text);
        Assert.True(Sum(lines.Where(l => l.Contains("grain_type=\"shard\"", StringComparison.Ordinal)), "orleansvector_runtime_activations") >= 1, text);
        Assert.Equal(50, Sum(lines, "orleansvector_rows_inserted_total"));
        // The grains' segment gauge: the rows sit in the shard's growing segment until it seals.
        Assert.Contains("# TYPE orleansvector_segments gauge", lines);
        Assert.True(Sum(lines.Where(l => l.Contains("state=\"growing\"", StringComparison.Ordinal)), "orleansvector_segments") >= 1, text);
        Assert.Contains(lines, l => l.StartsWith("orleansvector_segments{state=\"indexed\"} ", StringComparison.Ordinal));
        Assert.Equal(0, await silo.TerminateAsync(SiloTimeouts.Shutdown));
    }
}

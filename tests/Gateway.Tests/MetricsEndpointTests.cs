using OrleansVector.Gateway.Metrics;
using OrleansVector.Grains.Interfaces.Protocol;

namespace OrleansVector.Gateway.Tests;

/// <summary>/metrics in Prometheus text: calls and latency per RPC, rows, and the project's meters (activations here).</summary>
public sealed class MetricsEndpointTests
{
    [Fact]
    public async Task Calls_are_counted_per_RPC_and_status_code_with_a_latency_histogram()
    {
        await using var server = await GatewayTestServer.StartAsync();
        for (var i = 0; i < 3; i++)
        {
            await server.CallAsync(GrpcReply.Milvus + "GetVersion", GrpcReply.Frame(new GetVersionRequest()));
        }
        await server.CallAsync(GrpcReply.Milvus + "HasCollection", GrpcReply.Frame(new HasCollectionRequest { CollectionName = "9bad" }));
        await server.CallAsync(GrpcReply.Milvus + "HasCollection", GrpcReply.Frame(new HasCollectionRequest { CollectionName = "books" }));

        using var response = await server.Client.GetAsync(new Uri("/metrics", UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        var lines = text.Split('\n');
        Assert.Contains("orleansvector_requests_total{method=\"GetVersion\",code=\"0\"} 3", lines);
        Assert.Contains("orleansvector_requests_total{method=\"HasCollection\",code=\"1100\"} 1", lines);
        Assert.Contains("orleansvector_request_duration_seconds_bucket{method=\"GetVersion\",le=\"+Inf\"} 3", lines);
        Assert.Contains("orleansvector_request_duration_seconds_count{method=\"GetVersion\"} 3", lines);
        Assert.Contains("# TYPE orleansvector_request_duration_seconds histogram", lines);
        Assert.Contains("orleansvector_rows_inserted_total 0", lines);
        // The runtime's meter, through the exporter: the valid HasCollection activated the coordinator.
        Assert.Contains(lines, line => line.StartsWith(
            "orleansvector_runtime_activations_created_total{grain_type=\"coordinator\",silo=\"standalone\"} ", StringComparison.Ordinal));
    }

    [Fact]
    public void The_histogram_counts_each_call_in_every_bucket_at_or_above_its_latency()
    {
        var bounds = PrometheusHistogram.LatencySeconds;
        var histogram = new PrometheusHistogram(bounds);
        histogram.Record(0.0003);
        histogram.Record(0.003);
        histogram.Record(20);

        var snapshot = histogram.Snapshot();

        Assert.Equal(1, snapshot.CumulativeCounts[Array.IndexOf(bounds, 0.0005)]);
        Assert.Equal(1, snapshot.CumulativeCounts[Array.IndexOf(bounds, 0.0025)]);
        Assert.Equal(2, snapshot.CumulativeCounts[Array.IndexOf(bounds, 0.005)]);
        Assert.Equal(2, snapshot.CumulativeCounts[bounds.Length - 1]);
        Assert.Equal(3, snapshot.Count);
        Assert.Equal(20.0033, snapshot.Sum, 6);
    }
}

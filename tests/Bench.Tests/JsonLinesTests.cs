using System.Text.Json;
using OrleansVector.Bench.Ann;

namespace OrleansVector.Bench.Tests;

public sealed class JsonLinesTests
{
    [Fact]
    public void ALineIsOneObjectWithTheRequiredKeysFirst()
    {
        var row = LatencyAndComparisonTests.Row("orleans-vector", "ef=16,nprobe=2", 0.987654321, 12345.678) with { P50Ms = 0.0812345678 };

        var line = JsonLines.Format(row);

        Assert.DoesNotContain('\n', line);
        using var json = JsonDocument.Parse(line);
        var keys = json.RootElement.EnumerateObject().Select(p => p.Name).ToArray();
        Assert.Equal(["index", "build_s", "bytes_per_vec", "search", "threads", "qps", "p50_ms", "p99_ms", "recall"], keys[..9]);
        Assert.Equal("HNSW", json.RootElement.GetProperty("index").GetString());
        Assert.Equal("ef=16,nprobe=2", json.RootElement.GetProperty("search").GetString());
        Assert.Equal(1, json.RootElement.GetProperty("threads").GetInt32());
        Assert.Equal(0.98765, json.RootElement.GetProperty("recall").GetDouble());
        Assert.Equal(12345.7, json.RootElement.GetProperty("qps").GetDouble());
        Assert.Equal(0.08123, json.RootElement.GetProperty("p50_ms").GetDouble());
        Assert.False(json.RootElement.TryGetProperty("scan_gbps", out _));
    }

    [Fact]
    public void FlatRowsCarryTheScanAndMemoryRates()
    {
        var row = LatencyAndComparisonTests.Row("orleans-vector", "-", 1, 100) with { ScanGBps = 20.5, MemoryGBps = 30.25 };
        using var json = JsonDocument.Parse(JsonLines.Format(row));
        Assert.Equal(20.5, json.RootElement.GetProperty("scan_gbps").GetDouble());
        Assert.Equal(30.25, json.RootElement.GetProperty("memory_gbps").GetDouble());
    }
}

namespace OrleansVector.Bench.Ann;

/// <summary>One build + search setting measured by one engine: a line of the printed table and of the --json file.</summary>
internal sealed record ResultRow
{
    public const string OurEngine = "orleans-vector";

    public required string Engine { get; init; }
    public required string Index { get; init; }
    public required string Build { get; init; }
    public required double BuildSeconds { get; init; }

    /// <summary>Serialized index size per vector (what the references report too, so the numbers compare).</summary>
    public required double BytesPerVector { get; init; }

    public required string Search { get; init; }
    public required int Threads { get; init; }
    public required double Qps { get; init; }
    public required double P50Ms { get; init; }
    public required double P99Ms { get; init; }
    public required double Recall { get; init; }
    public required int K { get; init; }
    public required string Metric { get; init; }
    public required string Dataset { get; init; }
    public required int BaseCount { get; init; }
    public required int QueryCount { get; init; }
    public required int Dim { get; init; }

    /// <summary>FLAT only: bytes of vectors read per second by the scans.</summary>
    public double? ScanGBps { get; init; }

    /// <summary>FLAT only: the machine's read bandwidth measured by the runner with the same thread count.</summary>
    public double? MemoryGBps { get; init; }
}

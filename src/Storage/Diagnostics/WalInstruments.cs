using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace OrleansVector.Storage.Diagnostics;

/// <summary>
/// What the write-ahead logs have made durable, as System.Diagnostics.Metrics counters on the <c>OrleansVector.Storage</c>
/// meter, tagged with the log's kind (<c>local</c> or <c>object</c>) and channel. Counted once a group or fragment is
/// committed, so the figures are acknowledged bytes, not attempted ones.
/// </summary>
public sealed class WalInstruments
{
    public const string MeterName = "OrleansVector.Storage";

    private static readonly Meter s_meter = new(MeterName);
    private static readonly Counter<long> s_appendedBytes = s_meter.CreateCounter<long>("orleansvector.wal.appended_bytes", "By",
        "Record bytes made durable by the write-ahead logs.");
    private static readonly Counter<long> s_appendedRecords = s_meter.CreateCounter<long>("orleansvector.wal.appended_records", "{record}",
        "Records made durable by the write-ahead logs.");

    private readonly TagList _tags;

    public WalInstruments(string kind, string channel) => _tags = new TagList { { "wal", kind }, { "channel", channel } };

    /// <summary>Counts one committed group of <paramref name="records"/> records holding <paramref name="bytes"/> payload bytes.</summary>
    public void Committed(int records, long bytes)
    {
        s_appendedRecords.Add(records, _tags);
        s_appendedBytes.Add(bytes, _tags);
    }
}

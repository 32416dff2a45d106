using System.Diagnostics.Metrics;
using OrleansVector.Storage.Diagnostics;

namespace OrleansVector.Storage.Tests.Wal;

/// <summary>Sums what the WAL counters report for one channel while it is alive (other tests' channels are ignored).</summary>
internal sealed class WalMeasurements : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly string _channel;
    private long _bytes;
    private long _records;

    public WalMeasurements(string channel)
    {
        _channel = channel;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == WalInstruments.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            if (!IsMine(tags))
            {
                return;
            }
            switch (instrument.Name)
            {
                case "orleansvector.wal.appended_bytes":
                    Interlocked.Add(ref _bytes, value);
                    break;
                case "orleansvector.wal.appended_records":
                    Interlocked.Add(ref _records, value);
                    break;
            }
        });
        _listener.Start();
    }

    public long Bytes => Interlocked.Read(ref _bytes);

    public long Records => Interlocked.Read(ref _records);

    private bool IsMine(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == "channel")
            {
                return Equals(tag.Value, _channel);
            }
        }
        return false;
    }

    public void Dispose() => _listener.Dispose();
}

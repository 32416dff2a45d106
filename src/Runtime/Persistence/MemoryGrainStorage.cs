using System.Globalization;

namespace OrleansVector.Runtime;

/// <summary>
/// Grain state in process memory (standalone tests, and shared by the silos of an in-process test cluster).
/// ETags are per-record version numbers that keep counting after a clear (a tombstone), so an old ETag never matches again.
/// Nothing survives the process.
/// </summary>
public sealed class MemoryGrainStorage : IGrainStorage
{
    private readonly Dictionary<(string State, GrainId Grain), (byte[]? Data, long Version)> _records = [];

    public Task<StoredState?> ReadAsync(string stateName, GrainId grainId, CancellationToken cancellationToken)
    {
        lock (_records)
        {
            return Task.FromResult(_records.TryGetValue((stateName, grainId), out var record) && record.Data is not null
                ? new StoredState(record.Data, Format(record.Version))
                : null);
        }
    }

    public Task<string> WriteAsync(string stateName, GrainId grainId, ReadOnlyMemory<byte> data, string? expectedETag, CancellationToken cancellationToken)
    {
        lock (_records)
        {
            var version = Check(stateName, grainId, expectedETag, "write") + 1;
            _records[(stateName, grainId)] = (data.ToArray(), version);
            return Task.FromResult(Format(version));
        }
    }

    public Task ClearAsync(string stateName, GrainId grainId, string? expectedETag, CancellationToken cancellationToken)
    {
        lock (_records)
        {
            var version = Check(stateName, grainId, expectedETag, "clear");
            _records[(stateName, grainId)] = (null, version + 1);
            return Task.CompletedTask;
        }
    }

    /// <summary>Throws unless the stored ETag is <paramref name="expectedETag"/>; returns the current version (tombstones included).</summary>
    private long Check(string stateName, GrainId grainId, string? expectedETag, string operation)
    {
        var exists = _records.TryGetValue((stateName, grainId), out var record);
        var stored = exists && record.Data is not null ? Format(record.Version) : null;
        if (!string.Equals(stored, expectedETag, StringComparison.Ordinal))
        {
            throw new InconsistentStateException(
                $"Cannot {operation} state '{stateName}' of {grainId}: stored ETag is '{stored ?? "(none)"}', the writer had '{expectedETag ?? "(none)"}'.", stored, expectedETag);
        }
        return exists ? record.Version : 0;
    }

    private static string Format(long version) => version.ToString(CultureInfo.InvariantCulture);
}

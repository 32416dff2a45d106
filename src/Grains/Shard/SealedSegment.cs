using OrleansVector.Grains.Interfaces.Messages;
using OrleansVector.Grains.Interfaces.Segments;
using OrleansVector.Grains.Rows;

namespace OrleansVector.Grains.Shard;

/// <summary>
/// A flushed segment handed off to its segment grain, with the deletes that reached it after its files were written:
/// they live in the WAL (at or after <see cref="OldestPendingLsn"/>) until the shard writes them as a delta log.
/// </summary>
internal sealed class SealedSegment(SegmentInfo info, ISegmentGrain grain)
{
    private readonly List<(PrimaryKeys Keys, ulong Timestamp, long Lsn, long Deleted)> _pending = [];

    public SegmentInfo Info { get; set; } = info;

    public ISegmentGrain Grain { get; } = grain;

    public bool HasPendingDeletes => _pending.Count > 0;

    public long OldestPendingLsn => _pending.Count == 0 ? long.MaxValue : _pending.Min(p => p.Lsn);

    /// <summary>Records a delete at <paramref name="lsn"/> that removed <paramref name="deleted"/> of the segment's rows.</summary>
    public void AddPending(PrimaryKeys keys, ulong timestamp, long lsn, long deleted) => _pending.Add((keys, timestamp, lsn, deleted));

    /// <summary>
    /// The pending deletes as one list of keys with their timestamps, how many entries that covers, and how many of the
    /// segment's rows they removed.
    /// </summary>
    public (PrimaryKeys Keys, ulong[] Timestamps, int Entries, long Deleted) Pending()
    {
        var timestamps = _pending.SelectMany(p => Enumerable.Repeat(p.Timestamp, p.Keys.Count)).ToArray();
        var keys = _pending[0].Keys.Longs is not null
            ? PrimaryKeys.Of([.. _pending.SelectMany(p => p.Keys.Longs!)])
            : PrimaryKeys.Of([.. _pending.SelectMany(p => p.Keys.Strings!)]);
        return (keys, timestamps, _pending.Count, _pending.Sum(p => p.Deleted));
    }

    /// <summary>Forgets the first <paramref name="entries"/> pending deletes once a delta log holds them.</summary>
    public void Persisted(int entries) => _pending.RemoveRange(0, entries);
}

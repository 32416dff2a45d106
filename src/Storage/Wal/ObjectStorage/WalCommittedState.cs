using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using OrleansVector.Storage.Metadata;
using OrleansVector.Storage.ObjectStore;

namespace OrleansVector.Storage.Wal.ObjectStorage;

/// <summary>A channel's committed fragments (contiguous, in LSN order) and its truncation point, as the metadata store records them.</summary>
internal sealed record WalCommittedState(List<WalFragmentInfo> Fragments, long FirstLsn)
{
    public long NextLsn => Fragments.Count > 0 ? Fragments[^1].EndLsn : FirstLsn;

    public static async Task<WalCommittedState> LoadAsync(IMetadataStore metadata, WalChannelLayout layout, CancellationToken cancellationToken)
    {
        var range = await metadata.ScanAsync(layout.FragmentPrefix, cancellationToken);
        var fragments = range.Entries.Select(e => WalFragmentInfo.Decode(e.Value.Span, e.Key)).OrderBy(f => f.FirstLsn).ToList();
        var truncated = await metadata.GetAsync(layout.TruncatedKey, cancellationToken);
        var firstLsn = truncated is null ? 0 : BinaryPrimitives.ReadInt64LittleEndian(truncated.Value.Span);
        for (var i = 1; i < fragments.Count; i++)
        {
            if (fragments[i].FirstLsn != fragments[i - 1].EndLsn)
            {
                throw new WalCorruptException(
                    $"WAL channel '{layout.Channel}': committed fragments leave a gap between LSN {fragments[i - 1].EndLsn - 1} and {fragments[i].FirstLsn}");
            }
        }
        if (fragments.Count > 0 && fragments[0].FirstLsn > firstLsn)
        {
            throw new WalCorruptException(
                $"WAL channel '{layout.Channel}': first committed fragment starts at LSN {fragments[0].FirstLsn}, after the truncation point {firstLsn}");
        }
        return new WalCommittedState(fragments, firstLsn);
    }

    /// <summary>The records of <paramref name="fragments"/> from <paramref name="fromLsn"/> on, each fragment verified against its commit record.</summary>
    public static async IAsyncEnumerable<WalRecord> ReadAsync(
        IObjectStore objects, WalChannelLayout layout, IEnumerable<WalFragmentInfo> fragments, long fromLsn,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var fragment in fragments.Where(f => f.EndLsn > fromLsn))
        {
            var key = layout.ObjectKey(fragment);
            byte[] bytes;
            try
            {
                bytes = await objects.GetAsync(key, cancellationToken);
            }
            catch (ObjectNotFoundException e)
            {
                throw new WalCorruptException($"WAL fragment '{key}' is committed but missing from the object store", e);
            }
            var records = WalFragmentFormat.Decode(bytes, fragment, key);
            for (var i = (int)Math.Max(0, fromLsn - fragment.FirstLsn); i < records.Count; i++)
            {
                yield return new WalRecord(fragment.FirstLsn + i, records[i]);
            }
        }
    }
}

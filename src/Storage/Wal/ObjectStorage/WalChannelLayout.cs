using System.Globalization;

namespace OrleansVector.Storage.Wal.ObjectStorage;

/// <summary>Where one channel's state lives: owner, fragment records and truncation point in metadata; fragments as objects.</summary>
internal sealed class WalChannelLayout(ObjectStorageWalOptions options, string channel)
{
    public string Channel => channel;

    public string OwnerKey { get; } = $"{options.MetadataRoot}{channel}/owner";

    public string FragmentPrefix { get; } = $"{options.MetadataRoot}{channel}/fragments/";

    public string TruncatedKey { get; } = $"{options.MetadataRoot}{channel}/truncated";

    public string ObjectPrefix { get; } = $"{options.ObjectRoot}{channel}/";

    // Zero-padded so key order is LSN order.
    public string FragmentKey(long firstLsn) => FragmentPrefix + firstLsn.ToString("D20", CultureInfo.InvariantCulture);

    // The epoch is part of the name, so a fenced owner's upload never overwrites a committed fragment.
    public string ObjectKey(WalFragmentInfo fragment) =>
        $"{ObjectPrefix}{fragment.FirstLsn.ToString("D20", CultureInfo.InvariantCulture)}-{fragment.Epoch.ToString("D10", CultureInfo.InvariantCulture)}.frag";
}

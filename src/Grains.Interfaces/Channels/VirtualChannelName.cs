using System.Globalization;

namespace OrleansVector.Grains.Interfaces.Channels;

/// <summary>
/// A shard's virtual channel, named as Milvus names it: <c>{prefix}-rootcoord-dml_{pchannel}_{collectionId}v{shard}</c>.
/// Clients see these names in DescribeCollection; shard grains are keyed by them.
/// </summary>
public readonly record struct VirtualChannelName(string ClusterPrefix, int PhysicalChannel, long CollectionId, int ShardIndex)
{
    private const string DmlInfix = "-rootcoord-dml_";

    /// <summary>The physical channel (Milvus's pchannel) this virtual channel is multiplexed on.</summary>
    public string PhysicalName => string.Create(CultureInfo.InvariantCulture, $"{ClusterPrefix}{DmlInfix}{PhysicalChannel}");

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{PhysicalName}_{CollectionId}v{ShardIndex}");

    /// <summary>Parses a name made by <see cref="ToString"/>; throws <see cref="FormatException"/> naming the input otherwise.</summary>
    public static VirtualChannelName Parse(string name) =>
        TryParse(name, out var parsed) ? parsed : throw new FormatException($"'{name}' is not a virtual channel name ({{prefix}}{DmlInfix}{{n}}_{{collectionId}}v{{shard}}).");

    public static bool TryParse(string name, out VirtualChannelName parsed)
    {
        parsed = default;
        var infix = name.LastIndexOf(DmlInfix, StringComparison.Ordinal);
        if (infix <= 0)
        {
            return false;
        }
        var rest = name.AsSpan(infix + DmlInfix.Length);
        var underscore = rest.IndexOf('_');
        if (underscore < 0)
        {
            return false;
        }
        var collectionAndShard = rest[(underscore + 1)..];
        var v = collectionAndShard.IndexOf('v');
        if (v < 0
            || !int.TryParse(rest[..underscore], NumberStyles.None, CultureInfo.InvariantCulture, out var physical)
            || !long.TryParse(collectionAndShard[..v], NumberStyles.None, CultureInfo.InvariantCulture, out var collectionId)
            || !int.TryParse(collectionAndShard[(v + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var shard))
        {
            return false;
        }
        parsed = new VirtualChannelName(name[..infix], physical, collectionId, shard);
        return true;
    }
}

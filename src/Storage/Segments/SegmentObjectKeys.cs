using System.Globalization;
using OrleansVector.Storage.ObjectStore;

namespace OrleansVector.Storage.Segments;

/// <summary>
/// Object keys of segment files, laid out as Milvus does (DESIGN §3):
/// <c>{root}/insert_log/{coll}/{part}/{seg}/{field}/{log}</c>, <c>{root}/delta_log/{coll}/{part}/{seg}/{log}</c>,
/// <c>{root}/stats_log/{coll}/{part}/{seg}/{field}/{log}</c>. An empty root puts them at the top of the store.
/// </summary>
public sealed class SegmentObjectKeys
{
    private readonly string _prefix;

    public SegmentObjectKeys(string root = "")
    {
        ArgumentNullException.ThrowIfNull(root);
        if (root.Length > 0)
        {
            ObjectKey.Validate(root, nameof(root));
        }
        _prefix = root.Length == 0 ? "" : root + "/";
    }

    public string InsertLog(long collectionId, long partitionId, long segmentId, long fieldId, long logId) =>
        Build("insert_log", collectionId, partitionId, segmentId, fieldId, logId);

    public string DeltaLog(long collectionId, long partitionId, long segmentId, long logId) =>
        Build("delta_log", collectionId, partitionId, segmentId, logId);

    public string StatsLog(long collectionId, long partitionId, long segmentId, long fieldId, long logId) =>
        Build("stats_log", collectionId, partitionId, segmentId, fieldId, logId);

    /// <summary>The prefix under which all insert logs of a segment lie (for listing or dropping it).</summary>
    public string InsertLogPrefix(long collectionId, long partitionId, long segmentId) =>
        Build("insert_log", collectionId, partitionId, segmentId) + "/";

    public string DeltaLogPrefix(long collectionId, long partitionId, long segmentId) =>
        Build("delta_log", collectionId, partitionId, segmentId) + "/";

    public string StatsLogPrefix(long collectionId, long partitionId, long segmentId) =>
        Build("stats_log", collectionId, partitionId, segmentId) + "/";

    private string Build(string kind, params ReadOnlySpan<long> ids)
    {
        var key = _prefix + kind;
        foreach (var id in ids)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(id, nameof(ids));
            key += "/" + id.ToString(CultureInfo.InvariantCulture);
        }
        return key;
    }
}

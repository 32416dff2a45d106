using System.Globalization;

namespace OrleansVector.Grains.Coordinator;

/// <summary>Where the catalog lives in the metadata store: one protobuf record per database, collection, segment and compaction run.</summary>
internal static class CatalogKeys
{
    public const string Prefix = "catalog/";
    public const string DatabasePrefix = Prefix + "database/";
    public const string CollectionPrefix = Prefix + "collection/";
    public const string SegmentPrefix = Prefix + "segment/";
    public const string CompactionPrefix = Prefix + "compaction/";

    public static string Database(string name) => DatabasePrefix + name;

    public static string Collection(long id) => CollectionPrefix + id.ToString(CultureInfo.InvariantCulture);

    /// <summary>The prefix of one collection's segment records (the trailing '/' keeps collection 1 from matching 12).</summary>
    public static string SegmentsOf(long collectionId) => SegmentPrefix + collectionId.ToString(CultureInfo.InvariantCulture) + "/";

    public static string Segment(long collectionId, long segmentId) => SegmentsOf(collectionId) + segmentId.ToString(CultureInfo.InvariantCulture);

    public static string Compaction(long runId) => CompactionPrefix + runId.ToString(CultureInfo.InvariantCulture);
}

using OrleansVector.Grains.Interfaces.Protocol;

namespace OrleansVector.Grains.Interfaces.Messages;

// The coordinator's own responses carry a Milvus status in field 1, like the MilvusService ones.
public sealed partial class CollectionInfoResponse : IMilvusStatusResponse;

public sealed partial class AllocateResponse : IMilvusStatusResponse;

public sealed partial class ListSegmentsResponse : IMilvusStatusResponse;

public sealed partial class GarbageCollectionReport : IMilvusStatusResponse;

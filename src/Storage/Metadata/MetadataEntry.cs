namespace OrleansVector.Storage.Metadata;

/// <summary>
/// A key's value with its revisions: the revision that created it, the revision of its last change, and its version
/// (1 on creation, +1 per write). Compare-and-swap guards use <see cref="ModRevision"/>.
/// </summary>
public sealed record MetadataEntry(string Key, ReadOnlyMemory<byte> Value, long CreateRevision, long ModRevision, long Version);

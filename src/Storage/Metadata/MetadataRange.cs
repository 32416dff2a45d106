namespace OrleansVector.Storage.Metadata;

/// <summary>The result of a prefix scan: entries in key order and the store revision they were read at.</summary>
public sealed record MetadataRange(IReadOnlyList<MetadataEntry> Entries, long Revision);

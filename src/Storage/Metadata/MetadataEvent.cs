namespace OrleansVector.Storage.Metadata;

/// <summary>A change seen by a watch: a put (with the new value) or a delete, at a revision.</summary>
public sealed record MetadataEvent(MetadataEventType Type, string Key, ReadOnlyMemory<byte> Value, long Revision);

/// <summary>The kind of a <see cref="MetadataEvent"/>.</summary>
public enum MetadataEventType
{
    Put,
    Delete,
}

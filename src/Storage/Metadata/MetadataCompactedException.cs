namespace OrleansVector.Storage.Metadata;

/// <summary>A watch asked for history the store no longer keeps; scan again and watch from the scan's revision + 1.</summary>
public sealed class MetadataCompactedException(string message, Exception? innerException = null) : Exception(message, innerException);

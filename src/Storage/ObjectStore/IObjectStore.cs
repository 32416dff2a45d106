namespace OrleansVector.Storage.ObjectStore;

/// <summary>
/// A flat key → bytes store: a local folder (standalone) or an S3-compatible bucket (cluster). Keys are
/// '/'-separated paths checked by <see cref="ObjectKey.Validate"/>. A put replaces the whole object atomically:
/// readers see the old bytes or the new ones, never a mix. All members are safe to call concurrently.
/// </summary>
public interface IObjectStore
{
    /// <summary>Stores <paramref name="data"/> under <paramref name="key"/>, replacing any object there; durable on completion.</summary>
    Task PutAsync(string key, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores everything read from <paramref name="content"/> (read to its end, any length, not seeked) under
    /// <paramref name="key"/>; large objects go up in parts without buffering the whole stream.
    /// </summary>
    Task PutAsync(string key, Stream content, CancellationToken cancellationToken = default);

    /// <summary>The whole object.</summary>
    /// <exception cref="ObjectNotFoundException">No object has that key.</exception>
    Task<byte[]> GetAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// <paramref name="length"/> bytes starting at <paramref name="offset"/>; fewer when the object ends first,
    /// none when <paramref name="offset"/> is at or past the end.
    /// </summary>
    /// <exception cref="ObjectNotFoundException">No object has that key.</exception>
    Task<byte[]> GetRangeAsync(string key, long offset, int length, CancellationToken cancellationToken = default);

    /// <summary>A stream over the object for reading large objects without holding them in memory. Dispose it.</summary>
    /// <exception cref="ObjectNotFoundException">No object has that key.</exception>
    Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Size and time of the object, or null when there is none.</summary>
    Task<ObjectInfo?> GetInfoAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Every object whose key starts with <paramref name="prefix"/> ("" = all), in ordinal key order.</summary>
    IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, CancellationToken cancellationToken = default);

    /// <summary>Removes the object; removing a missing key is not an error.</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken = default);
}

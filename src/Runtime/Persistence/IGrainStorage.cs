namespace OrleansVector.Runtime;

/// <summary>A stored state record: the serialized state and its version.</summary>
public sealed record StoredState(byte[] Data, string ETag);

/// <summary>
/// A storage provider for grain state (bytes plus ETag). Implementations compare the expected ETag with the stored one
/// atomically and throw <see cref="InconsistentStateException"/> on a mismatch; a null expected ETag means "must not exist".
/// </summary>
public interface IGrainStorage
{
    Task<StoredState?> ReadAsync(string stateName, GrainId grainId, CancellationToken cancellationToken);

    /// <summary>Stores <paramref name="data"/> if the record's ETag is <paramref name="expectedETag"/>; returns the new ETag.</summary>
    Task<string> WriteAsync(string stateName, GrainId grainId, ReadOnlyMemory<byte> data, string? expectedETag, CancellationToken cancellationToken);

    /// <summary>Deletes the record if its ETag is <paramref name="expectedETag"/>.</summary>
    Task ClearAsync(string stateName, GrainId grainId, string? expectedETag, CancellationToken cancellationToken);
}

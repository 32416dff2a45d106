using OrleansVector.Storage.ObjectStore;

namespace OrleansVector.Storage.Segments;

/// <summary>
/// One kind of segment file holding a <typeparamref name="T"/>: how its body is laid out inside the shared
/// <see cref="SegmentFileFrame"/> (magic, version, checksum). The instances are in <see cref="SegmentFiles"/>.
/// </summary>
public abstract class SegmentFileFormat<T>
{
    private protected SegmentFileFormat()
    {
    }

    private protected abstract uint Magic { get; }

    /// <summary>
    /// The file's bytes as a forward-only stream of known length. The value's memory is read in place while the
    /// stream is consumed, so it must not change until then.
    /// </summary>
    public Stream Encode(T value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new SegmentFileBuilder(Magic);
        WriteBody(builder, value);
        return builder.Build();
    }

    /// <summary>Writes <paramref name="value"/> to <paramref name="key"/> (atomic replace, durable on completion).</summary>
    public async Task WriteAsync(IObjectStore store, string key, T value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        await using var content = Encode(value);
        await store.PutAsync(key, content, cancellationToken);
    }

    /// <summary>Reads and verifies the file at <paramref name="key"/>; a <see cref="SegmentFileCorruptException"/> names the key when it fails.</summary>
    public Task<T> ReadAsync(IObjectStore store, string key, CancellationToken cancellationToken = default) =>
        SegmentFileReader.ReadObjectAsync(store, key, Magic, ReadBodyAsync, cancellationToken);

    /// <summary>Reads and verifies a file from <paramref name="length"/> bytes of <paramref name="stream"/>; <paramref name="name"/> names it in errors.</summary>
    public Task<T> ReadAsync(Stream stream, long length, string name, CancellationToken cancellationToken = default) =>
        SegmentFileReader.ReadAsync(stream, length, name, Magic, ReadBodyAsync, cancellationToken);

    private protected abstract void WriteBody(SegmentFileBuilder builder, T value);

    private protected abstract ValueTask<T> ReadBodyAsync(SegmentFileReader reader);
}

using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace OrleansVector.Runtime;

/// <summary>
/// Grain state in files under a root folder, one file per record: <c>{root}/{state}/{grainType}/{key}.state</c>.
/// A record is replaced by writing a temporary file, flushing it to disk and renaming it over the old one, so a crash
/// leaves either the old or the new record. A lock file (an OS file lock) makes the ETag check and the replace atomic
/// across processes. Every file carries a format version and a CRC32C; a file that fails either check is reported, never used.
/// </summary>
public sealed class FileGrainStorage : IGrainStorage
{
    private const uint Magic = 0x5347564F; // "OVGS"
    private const ushort FormatVersion = 1;
    private const ushort TombstoneFlag = 1;
    private const int HeaderSize = 4 + 2 + 2 + 8 + 4;

    private readonly string _root;

    public FileGrainStorage(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        _root = Path.GetFullPath(root);
        Directory.CreateDirectory(_root);
    }

    public async Task<StoredState?> ReadAsync(string stateName, GrainId grainId, CancellationToken cancellationToken)
    {
        var record = await ReadRecordAsync(PathOf(stateName, grainId), grainId, cancellationToken);
        return record is { Data: { } data } ? new StoredState(data, Format(record.Value.Version)) : null;
    }

    public async Task<string> WriteAsync(string stateName, GrainId grainId, ReadOnlyMemory<byte> data, string? expectedETag, CancellationToken cancellationToken)
    {
        var path = PathOf(stateName, grainId);
        using var fileLock = await AcquireLockAsync(path, cancellationToken);
        var version = await CheckAsync(path, stateName, grainId, expectedETag, "write", cancellationToken) + 1;
        await ReplaceAsync(path, grainId, version, data, tombstone: false, cancellationToken);
        return Format(version);
    }

    public async Task ClearAsync(string stateName, GrainId grainId, string? expectedETag, CancellationToken cancellationToken)
    {
        var path = PathOf(stateName, grainId);
        using var fileLock = await AcquireLockAsync(path, cancellationToken);
        var version = await CheckAsync(path, stateName, grainId, expectedETag, "clear", cancellationToken) + 1;
        await ReplaceAsync(path, grainId, version, ReadOnlyMemory<byte>.Empty, tombstone: true, cancellationToken);
    }

    private async Task<long> CheckAsync(string path, string stateName, GrainId grainId, string? expectedETag, string operation, CancellationToken cancellationToken)
    {
        var record = await ReadRecordAsync(path, grainId, cancellationToken);
        var stored = record is { Data: not null } ? Format(record.Value.Version) : null;
        if (!string.Equals(stored, expectedETag, StringComparison.Ordinal))
        {
            throw new InconsistentStateException(
                $"Cannot {operation} state '{stateName}' of {grainId} in {path}: stored ETag is '{stored ?? "(none)"}', the writer had '{expectedETag ?? "(none)"}'.", stored, expectedETag);
        }
        return record?.Version ?? 0;
    }

    private static async Task<(byte[]? Data, long Version)?> ReadRecordAsync(string path, GrainId grainId, CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
        if (bytes.Length < HeaderSize + 4 || BinaryPrimitives.ReadUInt32LittleEndian(bytes) != Magic)
        {
            throw new InvalidDataException($"{path} is not a grain state file.");
        }
        var format = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(4));
        if (format != FormatVersion)
        {
            throw new InvalidDataException($"{path} has state file format {format}; this build reads format {FormatVersion}.");
        }
        var body = bytes.AsSpan(0, bytes.Length - 4);
        if (StableHash.Compute(body) != BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(bytes.Length - 4)))
        {
            throw new InvalidDataException($"{path} fails its CRC32C check; the state file is corrupt.");
        }
        var flags = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(6));
        var version = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(8));
        var idLength = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(16));
        if (idLength < 0 || HeaderSize + idLength > body.Length)
        {
            throw new InvalidDataException($"{path} has a grain id length of {idLength} bytes, beyond the end of the file.");
        }
        var storedId = Encoding.UTF8.GetString(body.Slice(HeaderSize, idLength));
        if (!string.Equals(storedId, grainId.ToString(), StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{path} holds the state of {storedId}, not of {grainId}.");
        }
        return ((flags & TombstoneFlag) != 0 ? null : body[(HeaderSize + idLength)..].ToArray(), version);
    }

    private static async Task ReplaceAsync(string path, GrainId grainId, long version, ReadOnlyMemory<byte> data, bool tombstone, CancellationToken cancellationToken)
    {
        var id = Encoding.UTF8.GetBytes(grainId.ToString());
        var bytes = new byte[HeaderSize + id.Length + data.Length + 4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, Magic);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(4), FormatVersion);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(6), tombstone ? TombstoneFlag : (ushort)0);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(8), version);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(16), id.Length);
        id.CopyTo(bytes.AsSpan(HeaderSize));
        data.Span.CopyTo(bytes.AsSpan(HeaderSize + id.Length));
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(bytes.Length - 4), StableHash.Compute(bytes.AsSpan(0, bytes.Length - 4)));
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
        {
            await file.WriteAsync(bytes, cancellationToken);
            file.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>An exclusive OS lock on the record's lock file; waits while another writer (in any process) holds it.</summary>
    private static async Task<FileStream> AcquireLockAsync(string path, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        while (true)
        {
            try
            {
                return new FileStream(path + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                await Task.Delay(1, cancellationToken);
            }
        }
    }

    private string PathOf(string stateName, GrainId grainId) =>
        Path.Combine(_root, SafeName(stateName), SafeName(grainId.Type), SafeName(grainId.Key) + ".state");

    /// <summary>The name itself when it is short and plain, otherwise a SHA-256 of it (the file also stores the full grain id).</summary>
    private static string SafeName(string name) =>
        name.Length is > 0 and <= 100 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
            ? name
            : "h" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(name))).ToLower(CultureInfo.InvariantCulture);

    private static string Format(long version) => version.ToString(CultureInfo.InvariantCulture);
}

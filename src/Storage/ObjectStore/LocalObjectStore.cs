namespace OrleansVector.Storage.ObjectStore;

/// <summary>
/// An object store in a local folder (standalone mode): key "a/b/c" is the file objects/a/b/c. A put writes a
/// temporary file in tmp/ (same file system), fsyncs it, renames it over the target and fsyncs the folder, so a
/// crash leaves the old object or the new one, never a torn one. Unlike S3, a key cannot also be the folder of
/// other keys ("a" and "a/b"); the storage layout never needs that.
/// </summary>
public sealed class LocalObjectStore : IObjectStore
{
    private const int CopyBufferSize = 1 << 20;
    private readonly string _objects;
    private readonly string _temporary;
    private readonly bool _fsync;

    public LocalObjectStore(LocalObjectStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var root = Path.GetFullPath(options.RootDirectory);
        _objects = Path.Combine(root, "objects") + Path.DirectorySeparatorChar;
        _temporary = Path.Combine(root, "tmp");
        _fsync = options.Fsync;
        Directory.CreateDirectory(_objects);
        Directory.CreateDirectory(_temporary);
        // Leftovers of puts a crash interrupted.
        foreach (var stale in Directory.EnumerateFiles(_temporary))
        {
            File.Delete(stale);
        }
    }

    public Task PutAsync(string key, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default) =>
        PutCoreAsync(key, (file, ct) => file.WriteAsync(data, ct), cancellationToken);

    public Task PutAsync(string key, Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        return PutCoreAsync(key, (file, ct) => new ValueTask(content.CopyToAsync(file, CopyBufferSize, ct)), cancellationToken);
    }

    public async Task<byte[]> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        var path = PathOf(key);
        try
        {
            return await File.ReadAllBytesAsync(path, cancellationToken);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ObjectNotFoundException(key, ex);
        }
    }

    public async Task<byte[]> GetRangeAsync(string key, long offset, int length, CancellationToken cancellationToken = default)
    {
        ObjectStoreArguments.ValidateRange(offset, length);
        using var handle = OpenHandle(key);
        var size = RandomAccess.GetLength(handle);
        var count = (int)Math.Clamp(size - offset, 0, length);
        var result = GC.AllocateUninitializedArray<byte>(count);
        var done = 0;
        while (done < count)
        {
            var read = await RandomAccess.ReadAsync(handle, result.AsMemory(done), offset + done, cancellationToken);
            if (read == 0)
            {
                throw new IOException($"Object '{key}' became shorter while it was read.");
            }
            done += read;
        }
        return result;
    }

    public Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken = default)
    {
        var path = PathOf(key);
        try
        {
            return Task.FromResult<Stream>(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan));
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ObjectNotFoundException(key, ex);
        }
    }

    public Task<ObjectInfo?> GetInfoAsync(string key, CancellationToken cancellationToken = default)
    {
        var file = new FileInfo(PathOf(key));
        return Task.FromResult(file.Exists ? new ObjectInfo(key, file.Length, file.LastWriteTimeUtc) : null);
    }

    public IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, CancellationToken cancellationToken = default)
    {
        ObjectKey.ValidatePrefix(prefix);
        // Only the folder named by the prefix's complete segments can hold matches.
        var folder = Path.Combine(_objects, prefix[..(prefix.LastIndexOf('/') + 1)].Replace('/', Path.DirectorySeparatorChar));
        var matches = new List<ObjectInfo>();
        if (Directory.Exists(folder))
        {
            foreach (var file in new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories))
            {
                var key = file.FullName[_objects.Length..].Replace(Path.DirectorySeparatorChar, '/');
                if (key.StartsWith(prefix, StringComparison.Ordinal))
                {
                    matches.Add(new ObjectInfo(key, file.Length, file.LastWriteTimeUtc));
                }
            }
        }
        matches.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return matches.ToAsyncEnumerable();
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        var path = PathOf(key);
        try
        {
            File.Delete(path);
        }
        catch (DirectoryNotFoundException)
        {
            // Nothing there: deleting is idempotent.
        }
        if (_fsync && Path.GetDirectoryName(path) is { } folder && Directory.Exists(folder))
        {
            DirectorySync.Flush(folder);
        }
        return Task.CompletedTask;
    }

    private async Task PutCoreAsync(string key, Func<FileStream, CancellationToken, ValueTask> write, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        var temporary = Path.Combine(_temporary, Guid.NewGuid().ToString("N"));
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
            {
                await write(file, cancellationToken);
                await file.FlushAsync(cancellationToken);
                if (_fsync)
                {
                    file.Flush(flushToDisk: true);
                }
            }
            var folder = Path.GetDirectoryName(path)!;
            var created = CreateFolders(folder);
            File.Move(temporary, path, overwrite: true);
            if (_fsync)
            {
                DirectorySync.Flush(folder);
                foreach (var parent in created)
                {
                    DirectorySync.Flush(parent);
                }
            }
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>Creates <paramref name="folder"/> and missing ancestors; returns the parents whose entries changed, deepest first.</summary>
    private List<string> CreateFolders(string folder)
    {
        var changedParents = new List<string>();
        for (var current = folder; !Directory.Exists(current); current = Path.GetDirectoryName(current)!)
        {
            changedParents.Add(Path.GetDirectoryName(current)!);
        }
        Directory.CreateDirectory(folder);
        return changedParents;
    }

    private Microsoft.Win32.SafeHandles.SafeFileHandle OpenHandle(string key)
    {
        try
        {
            return File.OpenHandle(PathOf(key), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, FileOptions.Asynchronous);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ObjectNotFoundException(key, ex);
        }
    }

    private string PathOf(string key)
    {
        ObjectKey.Validate(key);
        var path = Path.GetFullPath(Path.Combine(_objects, key.Replace('/', Path.DirectorySeparatorChar)));
        // The key rules already keep paths inside the store; this guards against a rule being missed.
        if (!path.StartsWith(_objects, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Object key '{key}' resolves outside the store.", nameof(key));
        }
        return path;
    }
}

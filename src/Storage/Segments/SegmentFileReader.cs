using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using OrleansVector.Storage.ObjectStore;

namespace OrleansVector.Storage.Segments;

/// <summary>
/// Reads the sections of one segment file (<see cref="SegmentFileFrame"/>) from a stream through a pooled buffer,
/// checksumming as it goes; arrays are read straight into the arrays it returns. Every inconsistency — wrong magic,
/// unknown version, a section longer than the file, early end, trailing bytes, checksum mismatch — is a
/// <see cref="SegmentFileCorruptException"/> naming the file.
/// </summary>
internal sealed class SegmentFileReader : IDisposable
{
    private const int BufferBytes = 1 << 16;
    private readonly Stream _stream;
    private readonly CancellationToken _cancellationToken;
    private readonly byte[] _buffer = ArrayPool<byte>.Shared.Rent(BufferBytes);
    private int _start;
    private int _end;
    private long _bodyLeft;
    private uint _checksum;

    private SegmentFileReader(Stream stream, long length, string name, CancellationToken cancellationToken)
    {
        _stream = stream;
        _bodyLeft = length - SegmentFileFrame.ChecksumBytes;
        Name = name;
        _cancellationToken = cancellationToken;
    }

    /// <summary>The file's name (its object key) for error messages.</summary>
    public string Name { get; }

    /// <summary>Reads a whole file of kind <paramref name="magic"/> from <paramref name="store"/> with <paramref name="readBody"/>.</summary>
    public static async Task<T> ReadObjectAsync<T>(IObjectStore store, string key, uint magic, Func<SegmentFileReader, ValueTask<T>> readBody, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var info = await store.GetInfoAsync(key, cancellationToken) ?? throw new ObjectNotFoundException(key);
        await using var stream = await store.OpenReadAsync(key, cancellationToken);
        return await ReadAsync(stream, info.Size, key, magic, readBody, cancellationToken);
    }

    /// <summary>Reads a whole file of <paramref name="length"/> bytes of kind <paramref name="magic"/> from <paramref name="stream"/>.</summary>
    public static async Task<T> ReadAsync<T>(Stream stream, long length, string name, uint magic, Func<SegmentFileReader, ValueTask<T>> readBody, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(name);
        using var reader = new SegmentFileReader(stream, length, name, cancellationToken);
        if (length < SegmentFileFrame.HeaderBytes + SegmentFileFrame.ChecksumBytes)
        {
            throw reader.Corrupt($"{length} bytes is shorter than any segment file");
        }

        var actualMagic = (uint)await reader.ReadInt32Async();
        if (actualMagic != magic)
        {
            throw reader.Corrupt($"it is not {SegmentFileFrame.Describe(magic)} (magic 0x{actualMagic:X8})");
        }
        var versionAndFlags = await reader.ReadInt32Async();
        var version = (ushort)versionAndFlags;
        if (version != SegmentFileFrame.Version)
        {
            throw reader.Corrupt($"format version {version} is unknown (this reader knows version {SegmentFileFrame.Version})");
        }
        if (versionAndFlags >> 16 != 0)
        {
            throw reader.Corrupt("reserved header bytes are not zero");
        }

        T result;
        try
        {
            result = await readBody(reader);
        }
        catch (ArgumentException ex)
        {
            // The sections passed the framing checks but describe an impossible column (say, decreasing offsets).
            throw reader.Corrupt(ex.Message, ex);
        }
        await reader.FinishAsync();
        return result;
    }

    public async ValueTask<int> ReadInt32Async()
    {
        await FillAsync(sizeof(int));
        return BinaryPrimitives.ReadInt32LittleEndian(TakeBody(sizeof(int)));
    }

    public async ValueTask<long> ReadInt64Async()
    {
        await FillAsync(sizeof(long));
        return BinaryPrimitives.ReadInt64LittleEndian(TakeBody(sizeof(long)));
    }

    public async ValueTask<double> ReadDoubleAsync() => BitConverter.Int64BitsToDouble(await ReadInt64Async());

    /// <summary>An array section; <paramref name="what"/> names it in errors.</summary>
    public async ValueTask<T[]> ReadArrayAsync<T>(string what) where T : unmanaged
    {
        var count = await ReadInt64Async();
        var size = Unsafe.SizeOf<T>();
        if (count < 0 || count > _bodyLeft / size || count > Array.MaxLength)
        {
            throw Corrupt($"the {what} section claims {count} items of {size} bytes but {_bodyLeft} bytes remain");
        }

        var result = GC.AllocateUninitializedArray<T>((int)count);
        var total = count * size;
        for (long done = 0; done < total;)
        {
            await FillAsync(1);
            var length = (int)Math.Min(_end - _start, total - done);
            CopyInto(result, done, TakeBody(length));
            done += length;
        }
        return result;
    }

    /// <summary>An array section that must hold exactly <paramref name="expected"/> items.</summary>
    public async ValueTask<T[]> ReadArrayAsync<T>(string what, long expected) where T : unmanaged
    {
        var result = await ReadArrayAsync<T>(what);
        return result.Length == expected ? result : throw Corrupt($"the {what} section holds {result.Length} items, not {expected}");
    }

    public SegmentFileCorruptException Corrupt(string problem, Exception? inner = null) => new(Name, problem, inner);

    public void Dispose() => ArrayPool<byte>.Shared.Return(_buffer);

    private static void CopyInto<T>(T[] target, long byteOffset, ReadOnlySpan<byte> bytes) where T : unmanaged
    {
        ref var first = ref Unsafe.As<T, byte>(ref MemoryMarshal.GetArrayDataReference(target));
        bytes.CopyTo(MemoryMarshal.CreateSpan(ref Unsafe.AddByteOffset(ref first, (nint)byteOffset), bytes.Length));
    }

    private async ValueTask FinishAsync()
    {
        if (_bodyLeft != 0)
        {
            throw Corrupt($"{_bodyLeft} bytes follow the last section");
        }

        await FillAsync(SegmentFileFrame.ChecksumBytes);
        var stored = BinaryPrimitives.ReadUInt32LittleEndian(_buffer.AsSpan(_start, SegmentFileFrame.ChecksumBytes));
        _start += SegmentFileFrame.ChecksumBytes;
        if (stored != _checksum)
        {
            throw Corrupt($"checksum mismatch (stored 0x{stored:X8}, computed 0x{_checksum:X8})");
        }
        if (_end > _start || await _stream.ReadAsync(_buffer.AsMemory(0, 1), _cancellationToken) != 0)
        {
            throw Corrupt("it is longer than its recorded size");
        }
    }

    /// <summary>Consumes <paramref name="length"/> buffered bytes of the body (never the trailing checksum).</summary>
    private ReadOnlySpan<byte> TakeBody(int length)
    {
        if (length > _bodyLeft)
        {
            throw Corrupt("a section runs into the checksum (the file is truncated or damaged)");
        }

        var bytes = _buffer.AsSpan(_start, length);
        _checksum = Crc32C.Append(_checksum, bytes);
        _start += length;
        _bodyLeft -= length;
        return bytes;
    }

    /// <summary>Buffers at least <paramref name="count"/> bytes (at most the buffer size).</summary>
    private async ValueTask FillAsync(int count)
    {
        if (_end - _start >= count)
        {
            return;
        }

        _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
        _end -= _start;
        _start = 0;
        while (_end < count)
        {
            var read = await _stream.ReadAsync(_buffer.AsMemory(_end, BufferBytes - _end), _cancellationToken);
            if (read == 0)
            {
                throw Corrupt("it ends early (truncated)");
            }
            _end += read;
        }
    }
}

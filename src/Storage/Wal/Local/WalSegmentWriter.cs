using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace OrleansVector.Storage.Wal.Local;

/// <summary>
/// The write side of the active segment file. On Linux it writes with O_DIRECT: every write covers whole 4 KiB blocks
/// from an aligned buffer, starting at the block that holds the end of the valid data (whose valid bytes are rewritten
/// unchanged, so a torn rewrite cannot damage acknowledged frames) and zero-padded past the new end; the reader sees the
/// zeros as the end of the frames. Durability comes from fdatasync. This skips the page-cache copy and writeback that
/// buffered writes pay before every fsync. Where O_DIRECT is refused (tmpfs, other systems) the same writes go through
/// the page cache. <see cref="Trim"/> cuts the padding off when the segment is sealed or closed.
/// </summary>
internal sealed partial class WalSegmentWriter : IDisposable
{
    private const int Block = 4096;
    private const int ReadWrite = 2;
    private const int CloseOnExec = 0x80000;
    private const int DirectIo = 0x4000; // O_DIRECT on x86-64
    private const int DirectIoArm = 0x10000; // O_DIRECT on arm64
    private const int InvalidArgument = 22;

    private readonly SafeFileHandle _handle;
    private byte[] _buffer = [];
    private int _alignment;

    private WalSegmentWriter(string path, SafeFileHandle handle, long length, bool direct)
    {
        Path = path;
        _handle = handle;
        Length = length;
        IsDirect = direct;
        EnsureCapacity(Block);
        // Keep the partial block at the end of the valid data in memory: the next write rewrites it.
        var head = (int)(length % Block);
        using var plain = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        if (RandomAccess.Read(plain, Staging(head), length - head) != head)
        {
            throw new IOException($"WAL segment '{path}' is shorter than its {length} valid bytes.");
        }
    }

    public string Path { get; }

    /// <summary>The end of the valid frames (the file may hold zero padding past it).</summary>
    public long Length { get; private set; }

    /// <summary>Whether writes bypass the page cache (O_DIRECT).</summary>
    public bool IsDirect { get; }

    /// <summary>Opens an existing segment whose valid data ends at <paramref name="length"/>.</summary>
    public static WalSegmentWriter Open(string path, long length)
    {
        if (OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64)
        {
            var flags = ReadWrite | CloseOnExec | (RuntimeInformation.ProcessArchitecture == Architecture.X64 ? DirectIo : DirectIoArm);
            var fd = OpenFile(path, flags);
            if (fd >= 0)
            {
                return new WalSegmentWriter(path, new SafeFileHandle(fd, ownsHandle: true), length, direct: true);
            }
            var errno = Marshal.GetLastPInvokeError();
            if (errno != InvalidArgument)
            {
                throw new IOException($"Cannot open WAL segment '{path}' for writing (errno {errno}).");
            }
        }
        var handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        return new WalSegmentWriter(path, handle, length, direct: false);
    }

    /// <summary>Space for <paramref name="bytes"/> bytes of frames to append; <see cref="Write"/> then writes them.</summary>
    public Span<byte> Reserve(int bytes)
    {
        var head = (int)(Length % Block);
        EnsureCapacity(head + bytes + Block);
        return Staging(head + bytes)[head..];
    }

    /// <summary>Writes the <paramref name="bytes"/> bytes filled in after <see cref="Reserve"/>; not durable until <see cref="Sync"/>.</summary>
    public void Write(int bytes)
    {
        var head = (int)(Length % Block);
        var end = head + bytes;
        var padded = (end + Block - 1) / Block * Block;
        var staging = Staging(padded);
        staging[end..].Clear();
        RandomAccess.Write(_handle, staging, Length - head);
        Length += bytes;
        var newHead = (int)(Length % Block);
        staging.Slice(end - newHead, newHead).CopyTo(staging);
    }

    /// <summary>Makes every written byte durable: fdatasync on Linux (the file's timestamps need not reach the disk first).</summary>
    public void Sync()
    {
        if (OperatingSystem.IsLinux())
        {
            if (FileDataSync(_handle) != 0)
            {
                throw new IOException($"fdatasync of WAL segment '{Path}' failed (errno {Marshal.GetLastPInvokeError()}).");
            }
            return;
        }
        RandomAccess.FlushToDisk(_handle);
    }

    /// <summary>Cuts the zero padding off the file (and with <paramref name="sync"/> makes that durable): for a segment being sealed or closed.</summary>
    public void Trim(bool sync)
    {
        RandomAccess.SetLength(_handle, Length);
        if (sync)
        {
            RandomAccess.FlushToDisk(_handle);
        }
    }

    public void Dispose() => _handle.Dispose();

    private void EnsureCapacity(int bytes)
    {
        if (_buffer.Length - _alignment >= bytes)
        {
            return;
        }
        byte[] head = _buffer.Length == 0 ? [] : _buffer.AsSpan(_alignment, (int)(Length % Block)).ToArray();
        // Pinned, so the block-aligned window stays where O_DIRECT needs it.
        _buffer = GC.AllocateUninitializedArray<byte>((int)Math.Min((long)Array.MaxLength, (long)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)bytes) + Block), pinned: true);
        var address = Marshal.UnsafeAddrOfPinnedArrayElement(_buffer, 0);
        _alignment = (int)((Block - (address % Block)) % Block);
        head.CopyTo(_buffer.AsSpan(_alignment));
    }

    private Span<byte> Staging(int bytes) => _buffer.AsSpan(_alignment, bytes);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int OpenFile(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fdatasync", SetLastError = true)]
    private static partial int FileDataSync(SafeFileHandle fd);
}

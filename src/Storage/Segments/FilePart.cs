using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace OrleansVector.Storage.Segments;

/// <summary>A run of bytes of a file being written, viewed in place over the caller's typed memory (no copy).</summary>
internal abstract class FilePart
{
    public abstract long Length { get; }

    /// <summary>Bytes <paramref name="offset"/>..+<paramref name="length"/>; offsets are 64-bit so parts may exceed 2 GiB.</summary>
    public abstract ReadOnlySpan<byte> Slice(long offset, int length);
}

/// <summary>The raw little-endian bytes of a <see cref="ReadOnlyMemory{T}"/>.</summary>
internal sealed class MemoryFilePart<T>(ReadOnlyMemory<T> memory) : FilePart where T : unmanaged
{
    public override long Length => (long)memory.Length * Unsafe.SizeOf<T>();

    public override ReadOnlySpan<byte> Slice(long offset, int length)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset + length, Length);
        ref var first = ref Unsafe.As<T, byte>(ref MemoryMarshal.GetReference(memory.Span));
        return MemoryMarshal.CreateReadOnlySpan(ref Unsafe.AddByteOffset(ref first, (nint)offset), length);
    }
}

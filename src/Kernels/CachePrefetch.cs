using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace OrleansVector.Kernels;

/// <summary>
/// Software prefetch of the block a scan will read next (the next IVF list), issued a slice at a time while the current
/// block is computed, so that DRAM latency overlaps with work instead of stalling at the start of every block.
/// A hint only: nothing is read, and a stale or out-of-range address cannot fault.
/// </summary>
public static class CachePrefetch
{
    private const int LineBytes = 64;

    /// <summary>Prefetches into all cache levels the lines of <paramref name="block"/> in [firstByte, firstByte + byteCount).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Bytes<T>(ReadOnlySpan<T> block, int firstByte, int byteCount)
        where T : unmanaged
    {
        if (!Sse.IsSupported)
        {
            return;
        }

        var length = block.Length * sizeof(T);
        var end = Math.Min(length, firstByte + byteCount);
        // The span is read without being pinned: if the GC moves the array meanwhile, the hint is merely wasted.
        var start = (byte*)Unsafe.AsPointer(ref Unsafe.As<T, byte>(ref MemoryMarshal.GetReference(block)));
        for (var offset = firstByte; offset < end; offset += LineBytes)
        {
            Sse.Prefetch0(start + offset);
        }
    }
}

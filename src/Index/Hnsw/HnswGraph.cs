using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace OrleansVector.Index.Hnsw;

/// <summary>
/// The HNSW graph (Malkov &amp; Yashunin). Level 0 lives in one pinned block, one fixed-size record per node holding the
/// vector and its neighbour list ([count][2M ids]) side by side, so a visit touches one place. Upper levels (about 1/M of
/// the nodes) keep per-node pinned arrays of (count, M ids) per level. The inserts of one batch run in parallel (striped
/// node locks, a global lock only when the top level changes); batches come one at a time (the index serializes Add).
/// Searches take no lock: they read a storage snapshot, which growth replaces by a copy between batches, and neighbour
/// lists are published count-last, so a racing reader sees only written ids.
/// </summary>
internal sealed unsafe partial class HnswGraph
{
    private const int LockStripes = 1 << 12;

    private readonly Lock[] nodeLocks;
    private readonly Lock entryLock = new();
    private readonly double levelMultiplier;
    private readonly ulong seed;
    private volatile Storage storage;
    private int count;

    /// <summary>Entry node (low 32 bits) and top level (high 32 bits), read and written as one value; -1 when empty.</summary>
    private long entry = -1;

    public HnswGraph(int dimension, int m, int efConstruction, ulong seed = 42, int capacity = 0)
    {
        Dimension = dimension;
        M = m;
        MaxM0 = 2 * m;
        EfConstruction = efConstruction;
        levelMultiplier = 1 / Math.Log(Math.Max(m, 2));
        this.seed = seed;
        VectorBytes = dimension * sizeof(float);
        Stride = (VectorBytes + ((1 + MaxM0) * sizeof(int)) + 15) & ~15;
        nodeLocks = new Lock[LockStripes];
        for (var i = 0; i < nodeLocks.Length; i++)
        {
            nodeLocks[i] = new Lock();
        }

        storage = new Storage(Stride, capacity);
    }

    public int Dimension { get; }

    public int M { get; }

    public int MaxM0 { get; }

    public int EfConstruction { get; }

    public int Count => Volatile.Read(ref count);

    public long MemoryBytes
    {
        get
        {
            var s = storage;
            long bytes = s.Level0.Length + (s.Ids.Length * sizeof(long)) + (s.Upper.Length * IntPtr.Size);
            for (var i = 0; i < Count; i++)
            {
                bytes += s.Upper[i]?.Length * sizeof(int) ?? 0;
            }

            return bytes;
        }
    }

    /// <summary>Bytes per level-0 record: vector, count, 2M neighbour ids, padded to 16.</summary>
    private int Stride { get; }

    private int VectorBytes { get; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (int Node, int Level) UnpackEntry(long packed) => ((int)(packed & 0xFFFFFFFF), (int)(packed >> 32));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private float* VectorPointer(Storage s, int node) => (float*)(s.Base + ((long)node * Stride));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ReadOnlySpan<float> Vector(Storage s, int node) => new(s.Base + ((long)node * Stride), Dimension);

    /// <summary>Level-0 list of a node: element 0 is the count, then MaxM0 slots.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int* Level0List(Storage s, int node) => (int*)(s.Base + ((long)node * Stride) + VectorBytes);

    /// <summary>The list of a node at a level: [count, ids...] with room for MaxM0 (level 0) or M ids.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int* List(Storage s, int node, int level) =>
        level == 0
            ? Level0List(s, node)
            : (int*)Unsafe.AsPointer(ref s.Upper[node]![(level - 1) * (1 + M)]);

    private static int LevelOf(Storage s, int node, int m) => (s.Upper[node]?.Length ?? 0) / (1 + m);

    private Lock NodeLock(int node) => nodeLocks[node & (LockStripes - 1)];

    /// <summary>Makes room for <paramref name="needed"/> nodes; called between batches, when no insert runs.</summary>
    private void EnsureCapacity(int needed)
    {
        var old = storage;
        if (needed <= old.Capacity)
        {
            return;
        }

        var grown = new Storage(Stride, Math.Max(needed, old.Capacity * 2));
        old.Level0.AsSpan(0, Count * Stride).CopyTo(grown.Level0);
        old.Upper.AsSpan(0, Count).CopyTo(grown.Upper);
        old.Ids.AsSpan(0, Count).CopyTo(grown.Ids);
        storage = grown;
    }

    /// <summary>The memory of the graph: replaced as a whole on growth, so a reader's snapshot stays valid.</summary>
    private sealed class Storage
    {
        public Storage(int stride, int capacity)
        {
            Capacity = capacity;
            // Zeroed: the unused slots of neighbour lists and the record padding are saved too, and a saved index must
            // not depend on (or leak) whatever the memory held before.
            Level0 = GC.AllocateArray<byte>(checked(stride * capacity), pinned: true);
            Base = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(Level0));
            Upper = new int[]?[capacity];
            Ids = new long[capacity];
            Ids.AsSpan().Fill(-1);
        }

        public int Capacity { get; }

        /// <summary>Pinned (pinned object heap), so <see cref="Base"/> stays valid for the array's life.</summary>
        public byte[] Level0 { get; }

        public byte* Base { get; }

        public int[]?[] Upper { get; }

        /// <summary>External id per node; -1 until the node's vector is written.</summary>
        public long[] Ids { get; }
    }
}

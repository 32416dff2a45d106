namespace OrleansVector.Index.Hnsw;

/// <summary>
/// Per-thread scratch of graph searches: a visited set by epoch tags (a new search bumps the epoch instead of clearing),
/// the candidate and result heaps, and neighbour buffers. Shared by every graph a thread searches; grows to the largest.
/// </summary>
internal sealed class HnswSearchContext
{
    [ThreadStatic]
    private static HnswSearchContext? current;

    private uint[] tags = [];
    private uint epoch;

    public DistanceHeap Candidates { get; } = new();

    /// <summary>Results as a max-heap: keys are negated distances, so the top is the worst kept result.</summary>
    public DistanceHeap Results { get; } = new();

    /// <summary>Scratch for neighbour selection: candidate nodes and their distances.</summary>
    public int[] SelectNodes { get; private set; } = new int[64];

    public float[] SelectDistances { get; private set; } = new float[64];

    public int[] Selected { get; private set; } = new int[64];

    /// <summary>This thread's context, ready for a new search over up to <paramref name="capacity"/> nodes.</summary>
    public static HnswSearchContext Begin(int capacity)
    {
        var context = current ??= new HnswSearchContext();
        context.Reset(capacity);
        return context;
    }

    /// <summary>Starts another search over the same graph (a new visited set, empty heaps).</summary>
    public void Restart() => Reset(tags.Length);

    /// <summary>Marks a node visited; false if it already was in this search.</summary>
    public bool Visit(int node)
    {
        ref var tag = ref tags[node];
        if (tag == epoch)
        {
            return false;
        }

        tag = epoch;
        return true;
    }

    public void EnsureSelectCapacity(int size)
    {
        if (SelectNodes.Length < size)
        {
            SelectNodes = new int[size];
            SelectDistances = new float[size];
            Selected = new int[size];
        }
    }

    private void Reset(int capacity)
    {
        Candidates.Clear();
        Results.Clear();
        if (tags.Length < capacity)
        {
            tags = new uint[Math.Max(capacity, tags.Length * 2)];
            epoch = 0;
        }

        if (++epoch == 0)
        {
            Array.Clear(tags);
            epoch = 1;
        }
    }
}

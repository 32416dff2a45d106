using System.Runtime.CompilerServices;

namespace OrleansVector.Index.Hnsw;

/// <summary>
/// A binary min-heap of (distance, node) pairs on plain arrays, reused across searches. A max-heap is the same heap
/// fed negated distances.
/// </summary>
internal sealed class DistanceHeap
{
    private float[] keys = new float[64];
    private int[] nodes = new int[64];

    public int Count { get; private set; }

    public float TopKey => keys[0];

    public int TopNode => nodes[0];

    public void Clear() => Count = 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Push(float key, int node)
    {
        if (Count == keys.Length)
        {
            Array.Resize(ref keys, keys.Length * 2);
            Array.Resize(ref nodes, nodes.Length * 2);
        }

        var k = keys;
        var n = nodes;
        var i = Count++;
        while (i > 0)
        {
            var parent = (i - 1) >> 1;
            if (k[parent] <= key)
            {
                break;
            }

            k[i] = k[parent];
            n[i] = n[parent];
            i = parent;
        }

        k[i] = key;
        n[i] = node;
    }

    public void Pop()
    {
        var last = --Count;
        if (last == 0)
        {
            return;
        }

        var k = keys;
        var n = nodes;
        var key = k[last];
        var node = n[last];
        var i = 0;
        while (true)
        {
            var child = (2 * i) + 1;
            if (child >= last)
            {
                break;
            }

            if (child + 1 < last && k[child + 1] < k[child])
            {
                child++;
            }

            if (k[child] >= key)
            {
                break;
            }

            k[i] = k[child];
            n[i] = n[child];
            i = child;
        }

        k[i] = key;
        n[i] = node;
    }
}

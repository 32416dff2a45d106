namespace OrleansVector.Kernels;

/// <summary>
/// The k best (smallest distance) of a stream of candidates. A max-heap whose root is the worst kept candidate;
/// equal distances are ordered by id, the smaller id winning, so results never depend on arrival order.
/// NaN distances are never kept. Reusable through <see cref="Reset"/>; no allocation after construction.
/// </summary>
public sealed class TopKHeap
{
    private long[] _ids;
    private float[] _distances;

    public TopKHeap(int k)
    {
        Guard.Positive(k, nameof(k));
        _ids = new long[k];
        _distances = new float[k];
        K = k;
    }

    public int K { get; private set; }

    public int Count { get; private set; }

    /// <summary>The worst kept distance once the heap is full; +Infinity before.</summary>
    public float Threshold => Count == K ? _distances[0] : float.PositiveInfinity;

    /// <summary>Offers a candidate; returns true when it is kept.</summary>
    public bool TryAdd(long id, float distance)
    {
        if (float.IsNaN(distance))
        {
            return false;
        }

        if (Count < K)
        {
            SiftUp(Count++, id, distance);
            return true;
        }

        if (!IsBetter(distance, id, _distances[0], _ids[0]))
        {
            return false;
        }

        SiftDown(0, Count, id, distance);
        return true;
    }

    /// <summary>Writes the kept candidates best first, empties the heap and returns how many were written.</summary>
    public int DrainSorted(Span<long> ids, Span<float> distances)
    {
        var count = Count;
        Guard.AtLeast(count, ids.Length, nameof(ids));
        Guard.AtLeast(count, distances.Length, nameof(distances));
        for (var last = count - 1; last >= 0; last--)
        {
            ids[last] = _ids[0];
            distances[last] = _distances[0];
            SiftDown(0, last, _ids[last], _distances[last]);
        }

        Count = 0;
        return count;
    }

    /// <summary>Empties the heap and sets a new capacity.</summary>
    public void Reset(int k)
    {
        Guard.Positive(k, nameof(k));
        if (k > _ids.Length)
        {
            _ids = new long[k];
            _distances = new float[k];
        }

        K = k;
        Count = 0;
    }

    private static bool IsBetter(float distance, long id, float otherDistance, long otherId) =>
        distance < otherDistance || (distance == otherDistance && id < otherId);

    private void SiftUp(int index, long id, float distance)
    {
        while (index > 0)
        {
            var parent = (index - 1) >> 1;
            if (!IsBetter(_distances[parent], _ids[parent], distance, id))
            {
                break;
            }

            _ids[index] = _ids[parent];
            _distances[index] = _distances[parent];
            index = parent;
        }

        _ids[index] = id;
        _distances[index] = distance;
    }

    // Places (id, distance) at index and moves it down past better children within [0, count).
    private void SiftDown(int index, int count, long id, float distance)
    {
        while (true)
        {
            var child = (2 * index) + 1;
            if (child >= count)
            {
                break;
            }

            if (child + 1 < count && IsBetter(_distances[child], _ids[child], _distances[child + 1], _ids[child + 1]))
            {
                child++;
            }

            if (!IsBetter(distance, id, _distances[child], _ids[child]))
            {
                break;
            }

            _ids[index] = _ids[child];
            _distances[index] = _distances[child];
            index = child;
        }

        _ids[index] = id;
        _distances[index] = distance;
    }
}

namespace OrleansVector.Index.Sparse;

/// <summary>One posting of a dimension: the row (by insertion ordinal) and its value there.</summary>
internal readonly record struct Posting(int Ordinal, float Value);

/// <summary>
/// The rows holding one dimension, in insertion order, growable by one writer while readers search: the writer
/// publishes a grown array before the count that covers it, and a reader reads the count before the array, so every
/// posting it reads is complete. Keeps the largest and smallest value, the bounds the MaxScore search prunes with.
/// </summary>
internal sealed class PostingList
{
    private Posting[] postings;
    private int count;

    public PostingList(int capacity = 4) => postings = new Posting[capacity];

    private PostingList(Posting[] postings)
    {
        this.postings = postings;
        count = postings.Length;
        foreach (var posting in postings)
        {
            Widen(posting.Value);
        }
    }

    /// <summary>The largest value held (at least 0).</summary>
    public float MaxValue { get; private set; }

    /// <summary>The smallest value held (at most 0).</summary>
    public float MinValue { get; private set; }

    public long MemoryBytes => (long)Volatile.Read(ref postings).Length * 8;

    /// <summary>The postings published so far: the first <paramref name="published"/> entries of the returned array.</summary>
    public Posting[] Read(out int published)
    {
        published = Volatile.Read(ref count);
        return Volatile.Read(ref postings);
    }

    public void Append(int ordinal, float value)
    {
        var current = postings;
        if (count == current.Length)
        {
            var grown = new Posting[Math.Max(4, current.Length * 2)];
            current.CopyTo(grown, 0);
            Volatile.Write(ref postings, grown);
            current = grown;
        }

        current[count] = new Posting(ordinal, value);
        Widen(value);
        Volatile.Write(ref count, count + 1);
    }

    public static PostingList FromPostings(Posting[] postings) => new(postings);

    private void Widen(float value)
    {
        MaxValue = Math.Max(MaxValue, value);
        MinValue = Math.Min(MinValue, value);
    }
}

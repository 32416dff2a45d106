namespace OrleansVector.Storage.Tso;

/// <summary><see cref="Count"/> consecutive IDs starting at <see cref="Start"/>.</summary>
public readonly record struct IdRange(long Start, int Count)
{
    /// <summary>One past the last ID.</summary>
    public long End => Start + Count;
}

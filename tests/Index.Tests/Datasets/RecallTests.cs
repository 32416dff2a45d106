using OrleansVector.Index.Datasets;

namespace OrleansVector.Index.Tests.Datasets;

public sealed class RecallTests
{
    private static readonly VectorArray<int> Truth = new([1, 2, 3, 4, 5, 6, 7, 8], count: 2, dim: 4);

    [Fact]
    public void CountsTheTrueNeighboursAmongTheFirstK()
    {
        // Query 0: 2 of {1, 2} found; query 1: 1 of {5, 6} found (9 is wrong; the 5 past k does not count).
        long[] found = [2, 1, 9, 9, 9, 6, 5, 9];
        Assert.Equal(0.75, Recall.AtK(found, stride: 4, Truth, k: 2));
    }

    [Fact]
    public void OrderAmongTheFirstKDoesNotMatter()
    {
        long[] found = [4, 3, 2, 1];
        Assert.Equal(1.0, Recall.AtK(found, stride: 4, Truth, k: 4));
    }

    [Fact]
    public void MissingResultsAndRepeatedIdsAreNotHits()
    {
        long[] found = [1, 1, -1, -1];
        Assert.Equal(0.25, Recall.AtK(found, stride: 4, Truth, k: 4));
    }

    [Fact]
    public void BadShapesAreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Recall.AtK(new long[10], stride: 5, Truth, k: 5));
        Assert.Throws<ArgumentException>(() => Recall.AtK(new long[12], stride: 4, Truth, k: 4));
        Assert.Throws<ArgumentException>(() => Recall.AtK(new long[7], stride: 4, Truth, k: 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => Recall.AtK(new long[4], stride: 2, Truth, k: 3));
    }
}

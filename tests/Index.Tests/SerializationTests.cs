using OrleansVector.Index.Serialization;
using OrleansVector.Index.Tests.Support;

namespace OrleansVector.Index.Tests;

public sealed class SerializationTests
{
    public static TheoryData<string, string> AllTypes()
    {
        var data = new TheoryData<string, string>();
        foreach (var type in IndexCases.FloatTypes)
        {
            data.Add(type, "L2");
        }

        foreach (var type in IndexCases.BinaryTypes)
        {
            data.Add(type, "HAMMING");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllTypes))]
    public void RoundTripReturnsIdenticalResults(string indexType, string metric)
    {
        var index = IndexCases.BuildOnTestData(indexType, metric);
        var bytes = Save(index);

        var loaded = VectorIndexFactory.Load(new MemoryStream(bytes), "test");

        Assert.Equal((index.IndexType, index.Metric, index.Dimension, index.Count), (loaded.IndexType, loaded.Metric, loaded.Dimension, loaded.Count));
        var before = IndexCases.SearchTestQueries(index, 10);
        var after = IndexCases.SearchTestQueries(loaded, 10);
        Assert.Equal(before.Ids, after.Ids);
        Assert.Equal(before.Distances, after.Distances);
        Assert.Equal(bytes, Save(loaded));
    }

    [Theory]
    [MemberData(nameof(AllTypes))]
    public void EveryFlippedByteIsDetected(string indexType, string metric)
    {
        var bytes = Save(IndexCases.BuildOnTestData(indexType, metric));
        var random = new Random(5);
        var positions = new[] { 0, 5, 6, 20, bytes.Length / 2, bytes.Length - 1 }.Concat(Enumerable.Range(0, 20).Select(_ => random.Next(bytes.Length)));

        foreach (var position in positions)
        {
            var corrupt = (byte[])bytes.Clone();
            corrupt[position] ^= 0x10;
            var error = Assert.Throws<InvalidDataException>(() => VectorIndexFactory.Load(new MemoryStream(corrupt), "corrupt.idx"));
            Assert.Contains("corrupt.idx", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void TruncatedDataIsRejected()
    {
        var bytes = Save(IndexCases.BuildOnTestData("FLAT", "L2"));

        foreach (var length in new[] { 0, 3, 6, 100, bytes.Length - 1 })
        {
            Assert.Throws<InvalidDataException>(() => VectorIndexFactory.Load(new MemoryStream(bytes[..length]), "short.idx"));
        }
    }

    [Fact]
    public void UnknownFormatVersionIsRejectedByName()
    {
        var bytes = Save(IndexCases.BuildOnTestData("FLAT", "L2"));
        bytes[4] = 99;

        var error = Assert.Throws<InvalidDataException>(() => VectorIndexFactory.Load(new MemoryStream(bytes), "future.idx"));

        Assert.Contains("format version 99", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Format 1 of IVF_SQ8 held codes of the vectors; its quantizer ("VSQ8") came where format 2 writes its marker.</summary>
    [Fact]
    public void IvfSq8FilesOfTheNonResidualFormatAreRejectedWithAClearError()
    {
        const int Dim = 4;
        var index = VectorIndexFactory.Create("IVF_SQ8", "L2", Dim, TestSets.Parameters("nlist=1"));
        var stream = new MemoryStream();
        IndexFile.Write(stream, index, writer =>
        {
            writer.Write(1);
            writer.Write(Dim);
            writer.WriteArray<float>(new float[Dim]);
            Kernels.ScalarQuantizer8.Train(new float[] { 0, 1, 2, 3, 4, 5, 6, 7 }, Dim).WriteTo(writer);
        });

        var error = Assert.Throws<InvalidDataException>(() => VectorIndexFactory.Load(new MemoryStream(stream.ToArray()), "old-sq8.idx"));

        Assert.Contains("format 1", error.Message, StringComparison.Ordinal);
        Assert.Contains("Rebuild the index", error.Message, StringComparison.Ordinal);
    }

    private static byte[] Save(IVectorIndex index)
    {
        var stream = new MemoryStream();
        index.Save(stream);
        return stream.ToArray();
    }
}

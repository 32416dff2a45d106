using System.Buffers.Binary;
using OrleansVector.Index.Datasets;

namespace OrleansVector.Index.Tests.Datasets;

public sealed class VecsFileFormatTests
{
    [Fact]
    public void FvecsRoundTripsThroughAStream()
    {
        var vectors = new VectorArray<float>([1.5f, -2f, 3.25f, float.MaxValue, 0f, -0f], count: 2, dim: 3);
        using var stream = new MemoryStream();
        VecsFile.WriteFvecs(stream, vectors);

        Assert.Equal(2 * (4 + (3 * 4)), stream.Length);
        stream.Position = 0;
        var read = VecsFile.ReadFvecs(stream, "memory");
        Assert.Equal((2, 3), (read.Count, read.Dim));
        Assert.Equal(vectors.Data, read.Data);
    }

    [Fact]
    public void IvecsRoundTripsThroughAFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"ivecs-{Guid.NewGuid():N}.ivecs");
        try
        {
            var ids = new VectorArray<int>([0, 1, int.MaxValue, -1], count: 1, dim: 4);
            VecsFile.WriteIvecs(path, ids);
            Assert.Equal(ids.Data, VecsFile.ReadIvecs(path).Data);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ALittleEndianHeaderAndPayloadAreDecoded()
    {
        var bytes = new byte[4 + 8];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, 2);
        BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(4), 0.5f);
        BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(8), -7f);

        var read = VecsFile.ReadFvecs(new MemoryStream(bytes), "memory");

        Assert.Equal([0.5f, -7f], read.Data);
    }

    [Fact]
    public void AForwardOnlyStreamIsRead()
    {
        var bytes = Record(3, [1, 2, 3]).Concat(Record(3, [4, 5, 6])).ToArray();
        var read = VecsFile.ReadBvecs(new ForwardOnlyStream(bytes), "pipe");
        Assert.Equal([1f, 2f, 3f, 4f, 5f, 6f], read.Data);
    }

    [Fact]
    public void ATruncatedRecordIsRejectedNamingTheFile()
    {
        var bytes = Record(3, [1, 2, 3]).Concat(Record(3, [4, 5])).ToArray();
        var error = Assert.Throws<InvalidDataException>(() => VecsFile.ReadBvecs(new MemoryStream(bytes), "cut.bvecs"));
        Assert.Contains("cut.bvecs", error.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RecordsOfDifferentDimensionsAreRejectedNamingTheRecord()
    {
        // Same total length as two dim-3 records, so only the per-record header check can catch it.
        var bytes = Record(3, [1, 2, 3]).Concat(Record(2, [4, 5, 6])).ToArray();
        var error = Assert.Throws<InvalidDataException>(() => VecsFile.ReadBvecs(new MemoryStream(bytes), "mixed.bvecs"));
        Assert.Contains("record 1 declares dimension 2", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(VecsFile.MaxDim + 1)]
    public void AnImpossibleDimensionIsRejected(int dim)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, dim);
        var error = Assert.Throws<InvalidDataException>(() => VecsFile.ReadFvecs(new MemoryStream(bytes), "bad.fvecs"));
        Assert.Contains($"dimension {dim}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnEmptyFileIsRejected()
    {
        var error = Assert.Throws<InvalidDataException>(() => VecsFile.ReadIvecs(new MemoryStream(), "empty.ivecs"));
        Assert.Contains("no vectors", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownExtensionIsRejected()
    {
        var error = Assert.Throws<ArgumentException>(() => VecsFile.ReadFloatVectors("vectors.hdf5"));
        Assert.Contains(".fvecs or .bvecs", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void VectorArrayChecksItsShape()
    {
        Assert.Throws<ArgumentException>(() => new VectorArray<float>(new float[5], count: 2, dim: 3));
        var vectors = new VectorArray<float>([1, 2, 3, 4, 5, 6], count: 2, dim: 3);
        Assert.Equal([4f, 5f, 6f], vectors.Row(1).ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => vectors.Row(2));
        Assert.Throws<ArgumentOutOfRangeException>(() => vectors.Rows(1, 2));
    }

    private static byte[] Record(int dim, byte[] payload)
    {
        var record = new byte[4 + payload.Length];
        BinaryPrimitives.WriteInt32LittleEndian(record, dim);
        payload.CopyTo(record, 4);
        return record;
    }

    private sealed class ForwardOnlyStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}

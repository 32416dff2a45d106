namespace OrleansVector.Storage.Segments;

/// <summary>
/// A stats log: int32 key type, int64 row count, double false-positive rate, min and max key (two int64, or two
/// UTF-8 byte arrays), int32 bloom hash count and the bloom bit words.
/// </summary>
internal sealed class StatsLogFormat : SegmentFileFormat<PrimaryKeyStats>
{
    private const int MaxHashCount = 30;

    private protected override uint Magic => SegmentFileFrame.StatsLogMagic;

    private protected override void WriteBody(SegmentFileBuilder builder, PrimaryKeyStats value)
    {
        builder.WriteInt32((int)value.KeyType);
        builder.WriteInt64(value.RowCount);
        builder.WriteDouble(value.FalsePositiveRate);
        if (value.KeyType == FieldDataType.Int64)
        {
            builder.WriteInt64(value.MinInt64);
            builder.WriteInt64(value.MaxInt64);
        }
        else
        {
            builder.WriteArray(value.MinUtf8);
            builder.WriteArray(value.MaxUtf8);
        }
        builder.WriteInt32(value.Filter.HashCount);
        builder.WriteArray(value.Filter.Words);
    }

    private protected override async ValueTask<PrimaryKeyStats> ReadBodyAsync(SegmentFileReader reader)
    {
        var keyType = (FieldDataType)await reader.ReadInt32Async();
        var rowCount = await reader.ReadInt64Async();
        var falsePositiveRate = await reader.ReadDoubleAsync();
        if (keyType is not (FieldDataType.Int64 or FieldDataType.VarChar) || rowCount < 0 || !(falsePositiveRate is > 0 and < 1))
        {
            throw reader.Corrupt($"impossible stats (key type {(int)keyType}, {rowCount} rows, false-positive rate {falsePositiveRate})");
        }

        long minInt64 = 0, maxInt64 = 0;
        byte[] minUtf8 = [], maxUtf8 = [];
        if (keyType == FieldDataType.Int64)
        {
            minInt64 = await reader.ReadInt64Async();
            maxInt64 = await reader.ReadInt64Async();
        }
        else
        {
            minUtf8 = await reader.ReadArrayAsync<byte>("min key");
            maxUtf8 = await reader.ReadArrayAsync<byte>("max key");
        }

        var hashCount = await reader.ReadInt32Async();
        var words = await reader.ReadArrayAsync<ulong>("bloom filter");
        if (hashCount is < 1 or > MaxHashCount || words.Length == 0)
        {
            throw reader.Corrupt($"impossible bloom filter ({hashCount} hashes, {words.Length} words)");
        }

        return new PrimaryKeyStats(keyType, rowCount, falsePositiveRate, minInt64, maxInt64, minUtf8, maxUtf8, new BloomFilter(words, hashCount));
    }
}

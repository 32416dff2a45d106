using System.Diagnostics;
using OrleansVector.Storage.ObjectStore;
using OrleansVector.Storage.Segments;

namespace OrleansVector.Bench.Storage;

/// <summary>
/// Insert-log throughput for one FloatVector column: encoding in memory (checksum and copy), writing to a local object
/// store (temp file, fsync, rename), and reading it back from the page cache and cold (pages dropped first).
/// </summary>
internal sealed class BinlogBenchmark(string directory, int rows, int dimension)
{
    private const string Key = "insert_log/1/1/1/101/1";

    public sealed record Result(long FileBytes, double EncodeMBps, double WriteMBps, double WarmReadMBps, double ColdReadMBps);

    public async Task<Result> RunAsync(int repeat, TextWriter log)
    {
        var values = GC.AllocateUninitializedArray<float>(checked(rows * dimension));
        var state = 0x9E3779B9u;
        for (var i = 0; i < values.Length; i++)
        {
            // xorshift32: cheap, incompressible-looking data without a Random call per value.
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            values[i] = (state >> 8) * (1f / (1 << 24));
        }
        var column = new DenseVectorColumn<float>(FieldDataType.FloatVector, dimension, values);
        var store = new LocalObjectStore(new LocalObjectStoreOptions { RootDirectory = directory });
        var objectPath = Path.Combine(directory, "objects", Key);

        long fileBytes = 0;
        var encode = await MedianAsync(repeat, log, "encode", () =>
        {
            using var content = SegmentFiles.InsertLog.Encode(column);
            content.CopyTo(Stream.Null, 1 << 20);
            fileBytes = content.Length;
            return Task.CompletedTask;
        });
        var write = await MedianAsync(repeat, log, "write", () => SegmentFiles.InsertLog.WriteAsync(store, Key, column));
        var warm = await MedianAsync(repeat, log, "warm read", () => SegmentFiles.InsertLog.ReadAsync(store, Key));
        var cold = await MedianAsync(repeat, log, "cold read", () =>
        {
            PageCache.Drop(objectPath);
            return SegmentFiles.InsertLog.ReadAsync(store, Key);
        });
        await store.DeleteAsync(Key);
        return new Result(fileBytes, Rate(fileBytes, encode), Rate(fileBytes, write), Rate(fileBytes, warm), Rate(fileBytes, cold));
    }

    private static double Rate(long bytes, TimeSpan elapsed) => bytes / elapsed.TotalSeconds / 1e6;

    /// <summary>The median time of <paramref name="repeat"/> runs (the page cache drop of a cold read is timed too; it is microseconds).</summary>
    private static async Task<TimeSpan> MedianAsync(int repeat, TextWriter log, string what, Func<Task> run)
    {
        var times = new List<TimeSpan>();
        for (var i = 0; i < repeat; i++)
        {
            // Each run allocates or reads hundreds of MB: start every one from a collected heap.
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            var clock = Stopwatch.StartNew();
            await run();
            times.Add(clock.Elapsed);
            log.WriteLine($"  binlog {what} run {i + 1}: {clock.Elapsed.TotalSeconds:F3} s");
        }
        return times.Order().ElementAt(times.Count / 2);
    }
}

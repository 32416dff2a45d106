using System.Diagnostics;
using OrleansVector.Storage.Wal.Local;

namespace OrleansVector.Bench.Storage;

/// <summary>One WAL throughput case: concurrent writers appending fixed-size records to one local channel with fsync on every group commit.</summary>
internal static class WalAppendBenchmark
{
    public sealed record Result(int RecordBytes, int Writers, long Records, TimeSpan Elapsed)
    {
        public double RecordsPerSecond => Records / Elapsed.TotalSeconds;

        public double MegabytesPerSecond => Records * (double)RecordBytes / Elapsed.TotalSeconds / 1e6;
    }

    /// <summary>Appends from <paramref name="writers"/> loops for <paramref name="duration"/> into a fresh log under <paramref name="directory"/>.</summary>
    public static async Task<Result> RunAsync(string directory, int recordBytes, int writers, TimeSpan duration)
    {
        var options = new LocalWalOptions { RootDirectory = directory, FsyncPolicy = WalFsyncPolicy.Always, SegmentSizeBytes = 256L << 20 };
        var record = new byte[recordBytes];
        new Random(recordBytes).NextBytes(record);
        var counts = new long[writers];
        var stop = false;
        await using (var wal = await LocalWriteAheadLog.OpenAsync("bench", options))
        {
            var clock = Stopwatch.StartNew();
            var loops = Enumerable.Range(0, writers).Select(writer => Task.Run(async () =>
            {
                while (!Volatile.Read(ref stop))
                {
                    await wal.AppendAsync(record);
                    counts[writer]++;
                }
            })).ToArray();
            await Task.Delay(duration);
            Volatile.Write(ref stop, true);
            await Task.WhenAll(loops);
            clock.Stop();
            return new Result(recordBytes, writers, counts.Sum(), clock.Elapsed);
        }
    }
}

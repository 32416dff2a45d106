using OrleansVector.Bench.Cli;

namespace OrleansVector.Bench.Storage;

/// <summary>
/// `bench storage`: local WAL append throughput (fsync on every group commit) for 1 KiB and 64 KiB records from 1 and
/// 16 writers, insert-log write/read rates for a rows × dim float column, and the device's raw sequential write
/// bandwidth (dd oflag=direct, and oflag=direct,dsync for synced writes) beside them, all on the file system of --dir.
/// </summary>
internal sealed class StorageCommand : IBenchCommand
{
    public string Name => "storage";

    public string Synopsis => "[--dir DIR] [--seconds S] [--rows N] [--dim D] [--repeat R] [--dd-mib MIB]";

    public IReadOnlyList<OptionSpec> Specs { get; } =
    [
        new("dir", "folder on the device to measure (default: a new folder under the temp path, deleted afterwards)", "DIR"),
        new("seconds", "duration of each WAL case (default 5)", "S"),
        new("rows", "rows of the binlog column (default 1000000)", "N"),
        new("dim", "dimension of the binlog column (default 128)", "D"),
        new("repeat", "binlog runs per measure; the median is reported (default 3)", "R"),
        new("dd-mib", "MiB dd writes (default 1024)", "MIB"),
    ];

    public int Run(IReadOnlyList<string> args, TextWriter output, TextWriter log)
    {
        var list = ArgumentList.Parse(args, Specs);
        var seconds = list.Int("seconds", 5, 1, 600);
        var rows = list.Int("rows", 1_000_000, 1, 10_000_000);
        var dim = list.Int("dim", 128, 1, 32_768);
        var repeat = list.Int("repeat", 3, 1, 20);
        var ddMib = list.Int("dd-mib", 1024, 16, 1 << 20);
        if ((long)rows * dim > Array.MaxLength)
        {
            throw new UsageException($"--rows {rows} × --dim {dim} floats do not fit one array");
        }

        var given = list.Optional("dir");
        var root = given is null ? Directory.CreateTempSubdirectory("ov-bench-storage-").FullName : Directory.CreateDirectory(given).FullName;
        try
        {
            RunAsync(root, TimeSpan.FromSeconds(seconds), rows, dim, repeat, ddMib, output, log).GetAwaiter().GetResult();
        }
        finally
        {
            if (given is null)
            {
                Directory.Delete(root, recursive: true);
            }
        }
        return 0;
    }

    private static async Task RunAsync(string root, TimeSpan duration, int rows, int dim, int repeat, int ddMib, TextWriter output, TextWriter log)
    {
        log.WriteLine($"storage bench in {root}");
        var dd = DiskBandwidth.Measure(root, ddMib, "direct");
        output.WriteLine($"raw sequential write:     {dd.MegabytesPerSecond,8:F1} MB/s  ({dd.Command}: {dd.Bytes} bytes in {dd.Seconds:F2} s)");
        var durable = DiskBandwidth.Measure(root, ddMib, "direct,dsync");
        output.WriteLine($"synced 1 MiB block writes: {durable.MegabytesPerSecond,7:F1} MB/s  ({durable.Command}: {durable.Bytes} bytes in {durable.Seconds:F2} s)");
        output.WriteLine();

        output.WriteLine($"WAL append, local log, fsync on every group commit, {duration.TotalSeconds:F0} s per case");
        output.WriteLine($"{"record",8} {"writers",8} {"records/s",12} {"MB/s",10} {"vs dd",8} {"vs dsync",9}");
        var walCases = 0;
        foreach (var recordBytes in new[] { 1 << 10, 64 << 10 })
        {
            foreach (var writers in new[] { 1, 16 })
            {
                var directory = Path.Combine(root, $"wal-{walCases++}");
                var result = await WalAppendBenchmark.RunAsync(directory, recordBytes, writers, duration);
                Directory.Delete(directory, recursive: true);
                output.WriteLine($"{recordBytes / 1024,5} KiB {writers,8} {result.RecordsPerSecond,12:F0} {result.MegabytesPerSecond,10:F1} {result.MegabytesPerSecond / dd.MegabytesPerSecond,8:P0} {result.MegabytesPerSecond / durable.MegabytesPerSecond,9:P0}");
            }
        }
        output.WriteLine();

        var binlog = await new BinlogBenchmark(Path.Combine(root, "objects-store"), rows, dim).RunAsync(repeat, log);
        output.WriteLine($"insert log, FloatVector {rows} × {dim} ({binlog.FileBytes / 1e6:F1} MB file), median of {repeat}");
        output.WriteLine($"  encode (CRC32C + copy, in memory)       {binlog.EncodeMBps,10:F1} MB/s");
        output.WriteLine($"  write (local object store, fsync)       {binlog.WriteMBps,10:F1} MB/s");
        output.WriteLine($"  read (page cache)                       {binlog.WarmReadMBps,10:F1} MB/s");
        output.WriteLine($"  read (cold, pages dropped)              {binlog.ColdReadMBps,10:F1} MB/s");
    }
}

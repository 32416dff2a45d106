using OrleansVector.Bench.Cli;

namespace OrleansVector.Bench.Machine;

/// <summary>`bench membw`: the machine's memory read bandwidth, the yardstick of the FLAT scan rate.</summary>
internal sealed class MembwCommand : IBenchCommand
{
    public string Name => "membw";

    public string Synopsis => "[--threads N] [--mib MIB]";

    public IReadOnlyList<OptionSpec> Specs { get; } =
    [
        new("threads", "reading threads (default 1)", "N"),
        new("mib", "array size in MiB (default 512)", "MIB"),
    ];

    public int Run(IReadOnlyList<string> args, TextWriter output, TextWriter log)
    {
        var list = ArgumentList.Parse(args, Specs);
        var threads = list.Int("threads", 1, 1, 1024);
        var mib = list.Int("mib", 512, 16, 1 << 20);
        output.WriteLine($"memory read bandwidth, {threads} thread(s), {mib} MiB, best of 5: {MemoryBandwidth.MeasureGBps(threads, mib):F2} GB/s");
        return 0;
    }
}

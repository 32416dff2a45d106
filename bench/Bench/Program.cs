using BenchmarkDotNet.Running;
using OrleansVector.Bench.Ann;
using OrleansVector.Bench.Cli;
using OrleansVector.Bench.Gen;
using OrleansVector.Bench.Machine;
using OrleansVector.Index;

namespace OrleansVector.Bench;

/// <summary>The bench runner: `ann` (side-by-side index measurements), `gen` (synthetic data), `bdn` (BenchmarkDotNet suites), `membw`.</summary>
internal static class Program
{
    public const int UsageExitCode = 2;

    private static readonly IReadOnlyList<OptionSpec> MembwSpecs =
    [
        new("threads", "reading threads (default 1)", "N"),
        new("mib", "array size in MiB (default 512)", "MIB"),
    ];

    public static int Main(string[] args) => Run(args, Console.Out, Console.Error);

    /// <summary>Runs one command; usage errors print the message and the command's usage and return <see cref="UsageExitCode"/>.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var command = args.Length == 0 ? "help" : args[0];
        var rest = args.Skip(1).ToArray();
        try
        {
            return command switch
            {
                "ann" => AnnCommand.Run(rest, output, error),
                "gen" => GenCommand.Run(rest, output),
                "bdn" => RunBenchmarkDotNet(rest),
                "membw" => RunMemoryBandwidth(rest, output),
                "help" or "--help" or "-h" => Help(output),
                _ => throw new UsageException($"unknown command '{command}'; valid commands are ann, gen, bdn, membw, help"),
            };
        }
        catch (UsageException e)
        {
            error.WriteLine($"error: {e.Message}");
            error.WriteLine();
            WriteUsage(error, command);
            return UsageExitCode;
        }
        catch (IndexParameterException e)
        {
            error.WriteLine($"error: {e.Message}");
            return UsageExitCode;
        }
    }

    private static int RunBenchmarkDotNet(string[] args)
    {
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return summaries.Any(s => s.HasCriticalValidationErrors) ? 1 : 0;
    }

    private static int RunMemoryBandwidth(string[] args, TextWriter output)
    {
        var list = ArgumentList.Parse(args, MembwSpecs);
        var threads = list.Int("threads", 1, 1, 1024);
        var mib = list.Int("mib", 512, 16, 1 << 20);
        output.WriteLine($"memory read bandwidth, {threads} thread(s), {mib} MiB, best of 5: {MemoryBandwidth.MeasureGBps(threads, mib):F2} GB/s");
        return 0;
    }

    private static int Help(TextWriter output)
    {
        foreach (var command in new[] { "ann", "gen", "bdn", "membw" })
        {
            WriteUsage(output, command);
            output.WriteLine();
        }
        return 0;
    }

    private static void WriteUsage(TextWriter output, string command)
    {
        var (synopsis, specs) = command switch
        {
            "ann" => ("ann --base B.fvecs --query Q.fvecs [--gt G.ivecs] --index TYPE [options]", AnnOptions.Specs),
            "gen" => ("gen --kind clustered --n 100000 --dim 128 --out DIR [options]", GenCommand.Specs),
            "membw" => ("membw [--threads N] [--mib MIB]", MembwSpecs),
            "bdn" => ("bdn [BenchmarkDotNet arguments, e.g. --filter '*' --job short]", []),
            _ => ("ann | gen | bdn | membw | help   (bench/README.md describes every option)", (IReadOnlyList<OptionSpec>)[]),
        };
        output.WriteLine($"usage: dotnet run -c Release --project bench/Bench -- {synopsis}");
        foreach (var spec in specs)
        {
            output.WriteLine($"  {spec,-28} {spec.Help}{(spec.Required ? " (required)" : "")}");
        }
    }
}

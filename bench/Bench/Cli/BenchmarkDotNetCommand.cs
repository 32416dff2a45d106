using BenchmarkDotNet.Running;

namespace OrleansVector.Bench.Cli;

/// <summary>`bench bdn`: the BenchmarkDotNet suites of this assembly; the arguments go to BenchmarkDotNet unchanged.</summary>
internal sealed class BenchmarkDotNetCommand : IBenchCommand
{
    public string Name => "bdn";

    public string Synopsis => "[BenchmarkDotNet arguments, e.g. --filter '*' --job short]";

    public IReadOnlyList<OptionSpec> Specs => [];

    public int Run(IReadOnlyList<string> args, TextWriter output, TextWriter log)
    {
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(BenchmarkDotNetCommand).Assembly).Run([.. args]);
        return summaries.Any(s => s.HasCriticalValidationErrors) ? 1 : 0;
    }
}

using System.Diagnostics;
using System.Numerics;
using OrleansVector.Bench.Cli;

namespace OrleansVector.Bench.Query;

/// <summary>
/// `bench filter`: rows per second of filter expressions evaluated over one columnar batch on one thread (issue 6).
/// Each expression is compiled once and evaluated <c>repeat</c> times after a warm-up; the median pass is reported.
/// </summary>
internal sealed class FilterCommand : IBenchCommand
{
    public string Name => "filter";

    public string Synopsis => "[--rows N] [--repeat R] [--expr EXPRESSION]";

    public IReadOnlyList<OptionSpec> Specs { get; } =
    [
        new("rows", "rows in the batch (default 1000000)", "N"),
        new("repeat", "timed evaluations per expression, median reported (default 21)", "R"),
        new("expr", "one expression instead of the built-in list (fields age, price, city, info)", "EXPRESSION"),
        new("seed", "seed of the data (default 1)", "SEED"),
    ];

    public int Run(IReadOnlyList<string> args, TextWriter output, TextWriter log)
    {
        var list = ArgumentList.Parse(args, Specs);
        var rows = list.Int("rows", 1_000_000, 1, 100_000_000);
        var repeat = list.Int("repeat", 21, 1, 100_000);
        var seed = list.Int("seed", 1, 0, int.MaxValue);
        IReadOnlyList<string> expressions = list.Optional("expr") is { } one ? [one] : FilterWorkload.Expressions;

        log.WriteLine($"generating {FilterWorkload.Describe(rows)}, seed {seed}");
        var workload = FilterWorkload.Create(rows, seed);
        var plans = expressions.Select(e => CompileOrThrow(workload, e)).ToArray();
        var selection = new ulong[(rows + 63) / 64];
        output.WriteLine($"{"expression",-44} {"matched",10} {"median ms",10} {"M rows/s",10} {"GB/s",7}");
        foreach (var plan in plans)
        {
            for (var i = 0; i < 3; i++)
            {
                plan.Evaluate(workload.Batch, selection);
            }

            var seconds = new double[repeat];
            for (var r = 0; r < repeat; r++)
            {
                var start = Stopwatch.GetTimestamp();
                plan.Evaluate(workload.Batch, selection);
                seconds[r] = Stopwatch.GetElapsedTime(start).TotalSeconds;
            }

            Array.Sort(seconds);
            var median = seconds[repeat / 2];
            var matched = selection.Sum(w => (long)BitOperations.PopCount(w));
            output.WriteLine($"{plan.Expression,-44} {matched,10} {median * 1e3,10:F3} {rows / median / 1e6,10:F1} {workload.BytesRead(plan) / median / 1e9,7:F2}");
        }

        return 0;
    }

    private static OrleansVector.Query.FilterPlan CompileOrThrow(FilterWorkload workload, string expression)
    {
        try
        {
            return workload.Compile(expression);
        }
        catch (OrleansVector.Query.ExpressionException e)
        {
            throw new UsageException($"--expr: {e.Message}");
        }
    }
}

using OrleansVector.Bench.Cli;
using OrleansVector.Index;

namespace OrleansVector.Bench;

/// <summary>The bench runner: one command per benchmark area (see <see cref="IBenchCommand"/> and bench/README.md).</summary>
internal static class Program
{
    public const int UsageExitCode = 2;

    public static int Main(string[] args) => Run(args, Console.Out, Console.Error);

    /// <summary>Runs one command; usage errors print the message and the command's usage and return <see cref="UsageExitCode"/>.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var name = args.Length == 0 ? "help" : args[0];
        if (name is "help" or "--help" or "-h")
        {
            return Help(output);
        }
        var command = BenchCommands.Find(name);
        try
        {
            return command is null
                ? throw new UsageException($"unknown command '{name}'; valid commands are {BenchCommands.Names}, help")
                : command.Run(args[1..], output, error);
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

    private static int Help(TextWriter output)
    {
        foreach (var command in BenchCommands.All)
        {
            WriteUsage(output, command);
            output.WriteLine();
        }
        return 0;
    }

    private static void WriteUsage(TextWriter output, IBenchCommand? command)
    {
        if (command is null)
        {
            output.WriteLine($"usage: dotnet run -c Release --project bench/Bench -- {string.Join(" | ", BenchCommands.All.Select(c => c.Name))} | help   (bench/README.md describes every option)");
            return;
        }
        output.WriteLine($"usage: dotnet run -c Release --project bench/Bench -- {command.Name} {command.Synopsis}");
        foreach (var spec in command.Specs)
        {
            output.WriteLine($"  {spec,-28} {spec.Help}{(spec.Required ? " (required)" : "")}");
        }
    }
}

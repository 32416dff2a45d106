namespace OrleansVector.Bench.Cli;

/// <summary>
/// One command of the bench runner. The runner finds every implementation in this assembly, so a benchmark area adds
/// its command in its own folder without touching Program.cs. Implementations need a public parameterless constructor.
/// </summary>
internal interface IBenchCommand
{
    /// <summary>The word that selects the command: `bench NAME ...`.</summary>
    string Name { get; }

    /// <summary>The arguments after the command name, as the usage line shows them.</summary>
    string Synopsis { get; }

    IReadOnlyList<OptionSpec> Specs { get; }

    /// <summary>Runs with the arguments after the command name; tables go to <paramref name="output"/>, progress to <paramref name="log"/>.</summary>
    int Run(IReadOnlyList<string> args, TextWriter output, TextWriter log);
}

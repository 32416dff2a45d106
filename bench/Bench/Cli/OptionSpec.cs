namespace OrleansVector.Bench.Cli;

/// <summary>One --option a command accepts: a value option ("--k 10") or a flag ("--no-gt").</summary>
internal sealed record OptionSpec(string Name, string Help, string? ValueName = "VALUE", bool Required = false)
{
    public bool IsFlag => ValueName is null;

    public static OptionSpec Flag(string name, string help) => new(name, help, ValueName: null);

    public override string ToString() => IsFlag ? $"--{Name}" : $"--{Name} {ValueName}";
}

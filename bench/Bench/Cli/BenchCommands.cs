namespace OrleansVector.Bench.Cli;

/// <summary>The commands of the runner, found by reflection over this assembly and ordered by name.</summary>
internal static class BenchCommands
{
    public static IReadOnlyList<IBenchCommand> All { get; } =
    [
        .. typeof(BenchCommands).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IBenchCommand).IsAssignableFrom(t))
            .Select(t => (IBenchCommand)Activator.CreateInstance(t)!)
            .OrderBy(c => c.Name, StringComparer.Ordinal),
    ];

    public static IBenchCommand? Find(string name) => All.FirstOrDefault(c => c.Name == name);

    public static string Names => string.Join(", ", All.Select(c => c.Name));
}

namespace OrleansVector.TestSupport;

/// <summary>Locations in the checkout and beside it, found by walking up from the test assembly.</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    /// <summary>The folder that holds Orleans.Vector.sln.</summary>
    public static string Root => LazyRoot.Value;

    /// <summary>../shared/data: the small ANN datasets.</summary>
    public static string SharedData => Path.GetFullPath(Path.Combine(Root, "..", "shared", "data"));

    /// <summary>tests/node/node_modules, installed by the test command with npm ci.</summary>
    public static string NodeModules => Path.Combine(Root, "tests", "node", "node_modules");

    /// <summary>The build configuration the tests were compiled in, so a test starts the matching build of a program.</summary>
    public static string Configuration =>
        typeof(RepositoryPaths).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyConfigurationAttribute), false)
            .OfType<System.Reflection.AssemblyConfigurationAttribute>().Single().Configuration;

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Orleans.Vector.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"Orleans.Vector.sln not found above {AppContext.BaseDirectory}");
    }
}

namespace OrleansVector.TestSupport;

/// <summary>
/// Finds programs that tests depend on. A missing one fails the test with the reason and the fix,
/// never skips it: the test command (test.sh) installs them.
/// </summary>
public static class RequiredTool
{
    /// <summary>The full path of an executable on PATH, or an exception that says how to install it.</summary>
    public static string Find(string name, string howToInstall)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new InvalidOperationException($"'{name}' is not on PATH; this test needs it. Install it with: {howToInstall} (./test.sh does this).");
    }

    /// <summary>A file under tests/node/node_modules, or an exception that says to run npm ci.</summary>
    public static string NodeModule(string relativePath)
    {
        var full = Path.Combine(RepositoryPaths.NodeModules, relativePath);
        if (!File.Exists(full))
        {
            throw new InvalidOperationException($"{full} is missing; this test needs it. Run 'npm ci' in tests/node (./test.sh does this).");
        }
        return full;
    }
}

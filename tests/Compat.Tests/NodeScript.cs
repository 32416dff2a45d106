using System.Diagnostics;
using System.Text.Json;
using OrleansVector.TestSupport;

namespace OrleansVector.Compat.Tests;

/// <summary>
/// Runs a script from tests/node/compat with Node (the official Milvus SDK resolves from tests/node/node_modules)
/// and captures what it printed. The scripts print one JSON line on stdout and exit non-zero on failure.
/// </summary>
internal sealed record NodeScript(int ExitCode, string StandardOutput, string StandardError)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    public static string Folder => Path.Combine(RepositoryPaths.Root, "tests", "node", "compat");

    public static async Task<NodeScript> RunAsync(string script, params string[] arguments)
    {
        var node = RequiredTool.Find("node", "apt-get install nodejs npm");
        RequiredTool.NodeModule(Path.Combine("@zilliz", "milvus2-sdk-node", "package.json"));
        var start = new ProcessStartInfo(node)
        {
            WorkingDirectory = Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(Folder, script));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"node {script} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException($"node {script} did not finish within {Limit}:\n{await stdout}\n{await stderr}");
        }
        return new NodeScript(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>The JSON line the script printed last; fails the test with the script's output unless it exited 0.</summary>
    public JsonElement SucceededWithJson()
    {
        Assert.True(ExitCode == 0, $"the script exited with {ExitCode}:\n{StandardOutput}\n{StandardError}");
        var line = StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1];
        using var document = JsonDocument.Parse(line);
        return document.RootElement.Clone();
    }
}

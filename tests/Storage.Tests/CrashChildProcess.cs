using System.Diagnostics;
using OrleansVector.TestSupport;

namespace OrleansVector.Storage.Tests;

/// <summary>
/// Runs this test assembly as a child process (<c>dotnet exec OrleansVector.Storage.Tests.dll COMMAND ARGS</c>, see
/// <see cref="Program"/>) that prints "ready" and then one line per acknowledged write, and SIGKILLs it after a given
/// number of acknowledgements, so crash tests kill a real writer at a random moment.
/// </summary>
internal static class CrashChildProcess
{
    /// <summary>Every complete line the child printed after "ready", including those still in the pipe when the kill landed.</summary>
    public static async Task<List<string>> RunUntilKilledAsync(string command, IEnumerable<string> args, int killAfter)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? RequiredTool.Find("dotnet", "the .NET SDK");
        var start = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "exec", typeof(CrashChildProcess).Assembly.Location, command }.Concat(args))
        {
            start.ArgumentList.Add(arg);
        }
        using var child = Process.Start(start) ?? throw new InvalidOperationException($"could not start the {command} process");
        var stderr = child.StandardError.ReadToEndAsync();
        var acknowledged = new List<string>();
        try
        {
            // A hang guard, not a speed check: a writer that stops talking fails the test instead of blocking the run.
            using var hang = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            if (await child.StandardOutput.ReadLineAsync(hang.Token) != "ready")
            {
                child.Kill();
                Assert.Fail($"the {command} process did not start: {await stderr}");
            }
            while (acknowledged.Count < killAfter && await child.StandardOutput.ReadLineAsync(hang.Token) is { } line)
            {
                acknowledged.Add(line);
            }
        }
        finally
        {
            child.Kill();
        }
        // Lines already in the pipe when the kill landed were acknowledged too; the text after the last newline is a cut-off line.
        var rest = (await child.StandardOutput.ReadToEndAsync()).Split('\n');
        acknowledged.AddRange(rest[..^1]);
        await child.WaitForExitAsync();
        Assert.True(acknowledged.Count >= killAfter, $"the {command} process exited after {acknowledged.Count} acknowledgements: {await stderr}");
        return acknowledged;
    }

    /// <summary>
    /// The child's side: prints "ready", then runs <paramref name="writers"/> concurrent loops until killed; each
    /// iteration awaits <paramref name="write"/>(writer, sequence) and prints the line it returns, one whole line at a time.
    /// </summary>
    public static async Task<int> RunWritersAsync(int writers, Func<int, int, Task<string>> write)
    {
        var output = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true };
        var outputLock = new Lock();
        void WriteLine(string line)
        {
            lock (outputLock)
            {
                output.WriteLine(line);
            }
        }

        WriteLine("ready");
        await Task.WhenAll(Enumerable.Range(0, writers).Select(writer => Task.Run(async () =>
        {
            for (var sequence = 0; ; sequence++)
            {
                WriteLine(await write(writer, sequence));
            }
        })));
        return 0;
    }
}

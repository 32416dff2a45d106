using System.Diagnostics;

namespace OrleansVector.TestSupport;

/// <summary>
/// A .NET assembly run as a separate OS process (<c>dotnet exec ASSEMBLY ARGS</c>), typically the test assembly itself
/// with a command its own Main understands, so a test can crash a real process with SIGKILL. The child says it is ready
/// by printing a line that starts with a marker; closing its standard input asks it to stop gracefully.
/// Output (stdout and stderr) is kept for assertion messages.
/// </summary>
public sealed class AssemblyChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _readyMarker;
    private readonly TaskCompletionSource<string> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<string> _output = [];

    private AssemblyChildProcess(Process process, string readyMarker)
    {
        _process = process;
        _readyMarker = readyMarker;
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Everything the child wrote so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return string.Join('\n', _output);
            }
        }
    }

    /// <summary>Starts <paramref name="assemblyPath"/> with <paramref name="args"/>; <paramref name="readyMarker"/> starts its ready line.</summary>
    public static AssemblyChildProcess Start(string assemblyPath, string readyMarker, params string[] args)
    {
        if (!File.Exists(assemblyPath))
        {
            throw new FileNotFoundException($"The child process assembly {assemblyPath} does not exist.", assemblyPath);
        }
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])["exec", assemblyPath, .. args])
        {
            start.ArgumentList.Add(arg);
        }
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var child = new AssemblyChildProcess(process, readyMarker);
        process.OutputDataReceived += (_, e) => child.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => child.OnLine(e.Data);
        process.Exited += (_, _) => child._ready.TrySetException(
            new InvalidOperationException($"The child process exited with code {process.ExitCode} before it was ready:\n{child.Output}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>The rest of the ready line, once the child printed it.</summary>
    public async Task<string> WaitUntilReadyAsync(TimeSpan timeout)
    {
        try
        {
            return await _ready.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The child process was not ready within {timeout}:\n{Output}");
        }
    }

    /// <summary>SIGKILL: nothing in the child gets to run.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        await _process.WaitForExitAsync();
    }

    /// <summary>Closes the child's standard input (its signal to stop gracefully) and waits; the exit code, or null if it did not exit in time.</summary>
    public async Task<int?> StopAsync(TimeSpan timeout)
    {
        if (!_process.HasExited)
        {
            _process.StandardInput.Close();
        }
        try
        {
            await _process.WaitForExitAsync().WaitAsync(timeout);
            return _process.ExitCode;
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.Add(line);
        }
        if (line.StartsWith(_readyMarker, StringComparison.Ordinal))
        {
            _ready.TrySetResult(line[_readyMarker.Length..].Trim());
        }
    }
}

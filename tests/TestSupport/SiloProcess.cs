using System.Diagnostics;
using System.Runtime.InteropServices;

namespace OrleansVector.TestSupport;

/// <summary>
/// A real silo process (src/Silo's build output next to the test assembly) on free loopback ports
/// with its own data directory. Disposing stops it through its own process handle and removes the data.
/// </summary>
public sealed partial class SiloProcess : IAsyncDisposable
{
    private const string ReadyLogText = "silo listening";
    private readonly Process _process;
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<string> _output = [];
    private readonly bool _ownsDataDirectory;

    private SiloProcess(Process process, int grpcPort, int httpPort, string dataDirectory, bool ownsDataDirectory)
    {
        _process = process;
        GrpcPort = grpcPort;
        HttpPort = httpPort;
        DataDirectory = dataDirectory;
        _ownsDataDirectory = ownsDataDirectory;
    }

    public int GrpcPort { get; }
    public int HttpPort { get; }
    public string DataDirectory { get; }
    public Process Process => _process;
    public Uri HttpUri => new($"http://127.0.0.1:{HttpPort}");
    public Uri GrpcUri => new($"http://127.0.0.1:{GrpcPort}");

    /// <summary>Everything the silo wrote to stdout and stderr so far, for assertion messages.</summary>
    public string Output
    {
        get { lock (_output) { return string.Join('\n', _output); } }
    }

    /// <summary>Starts a silo; pass <paramref name="dataDirectory"/> to restart on existing data (it is then kept on dispose).</summary>
    public static SiloProcess Start(string? dataDirectory = null, params string[] extraArgs)
    {
        var siloDll = Path.Combine(AppContext.BaseDirectory, "OrleansVector.Silo.dll");
        if (!File.Exists(siloDll))
        {
            throw new InvalidOperationException($"{siloDll} is missing: the test project must reference src/Silo.");
        }
        var owns = dataDirectory is null;
        dataDirectory ??= Directory.CreateTempSubdirectory("ov-silo-").FullName;
        int grpcPort = FreePort.Next(), httpPort = FreePort.Next();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = dataDirectory,
        };
        foreach (var arg in (string[])[siloDll, "--grpc-port", $"{grpcPort}", "--http-port", $"{httpPort}", "--data-dir", dataDirectory, .. extraArgs])
        {
            start.ArgumentList.Add(arg);
        }
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var silo = new SiloProcess(process, grpcPort, httpPort, dataDirectory, owns);
        process.OutputDataReceived += (_, e) => silo.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => silo.OnLine(e.Data);
        process.Exited += (_, _) =>
        {
            process.WaitForExit(); // drains the redirected output, so the message below carries the silo's last words
            silo._listening.TrySetException(new InvalidOperationException($"The silo exited with code {process.ExitCode} before it was ready:\n{silo.Output}"));
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return silo;
    }

    /// <summary>Waits for the startup log line that says where the silo listens, then for /healthz to answer 200.</summary>
    public async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _listening.Task.WaitAsync(cts.Token);
            using var http = new HttpClient { BaseAddress = HttpUri };
            using var response = await http.GetAsync(new Uri("/healthz", UriKind.Relative), cts.Token);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"/healthz answered {(int)response.StatusCode} after the silo said it was listening:\n{Output}");
            }
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            throw new TimeoutException($"The silo was not ready within {timeout}:\n{Output}");
        }
    }

    /// <summary>Sends SIGTERM (a graceful stop, as Kubernetes or Ctrl+C would) and returns the exit code, or null if it did not exit in time.</summary>
    public async Task<int?> TerminateAsync(TimeSpan timeout)
    {
        if (!_process.HasExited && Kill(_process.Id, SigTerm) != 0)
        {
            throw new InvalidOperationException($"kill(SIGTERM) failed with errno {Marshal.GetLastPInvokeError()}");
        }
        return await WaitForExitAsync(timeout);
    }

    /// <summary>Waits for the process to end on its own; the exit code, or null if it still runs after <paramref name="timeout"/>.</summary>
    public async Task<int?> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>SIGKILL: the crash case. Nothing in the silo gets to run.</summary>
    public async Task CrashAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await CrashAsync();
        }
        _process.Dispose();
        if (_ownsDataDirectory)
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
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
        if (line.Contains(ReadyLogText, StringComparison.OrdinalIgnoreCase))
        {
            _listening.TrySetResult();
        }
    }

    private const int SigTerm = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}

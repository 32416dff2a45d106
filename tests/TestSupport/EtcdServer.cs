using System.Diagnostics;
using Xunit;

namespace OrleansVector.TestSupport;

/// <summary>
/// A single-member etcd started by a test on free loopback ports with a throw-away data folder
/// (tmpfs when there is one: etcd 3.4 cannot turn fsync off). Use it as an xunit class or collection fixture,
/// or create it with <see cref="StartAsync"/> and dispose it. It is stopped through its own process handle.
/// </summary>
public sealed class EtcdServer : IAsyncLifetime, IAsyncDisposable
{
    private const int StartAttempts = 3;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly List<string> _log = [];
    private Process? _process;
    private string? _dataDir;
    private string _etcd = "";
    private string _peerUrl = "";

    /// <summary>The client URL, e.g. http://127.0.0.1:41234.</summary>
    public Uri ClientUrl { get; private set; } = new("http://127.0.0.1:0");

    /// <summary>Starts a fresh etcd and waits until it reports healthy.</summary>
    public static async Task<EtcdServer> StartAsync()
    {
        var server = new EtcdServer();
        await server.InitializeAsync();
        return server;
    }

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        _etcd = RequiredTool.Find("etcd", "apt-get install etcd-server");
        // A free port can be taken by someone else before etcd binds it; a new pair of ports fixes that.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await StartOnceAsync();
                return;
            }
            catch (InvalidOperationException) when (attempt < StartAttempts)
            {
                await StopAsync();
            }
        }
    }

    private async Task StartOnceAsync()
    {
        var root = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
        _dataDir = Directory.CreateDirectory(Path.Combine(root, $"ov-etcd-{Guid.NewGuid():N}")).FullName;
        ClientUrl = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        _peerUrl = $"http://127.0.0.1:{FreePort.Next()}";
        await LaunchAsync();
    }

    /// <summary>
    /// Kills etcd (SIGKILL) and starts it again on the same ports and data folder: clients see the server vanish
    /// and come back with every committed write.
    /// </summary>
    public async Task RestartAsync()
    {
        await KillAsync();
        await LaunchAsync();
    }

    private async Task LaunchAsync()
    {
        var clientUrl = $"http://127.0.0.1:{ClientUrl.Port}";
        var info = new ProcessStartInfo(_etcd)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
                 {
                     "--name", "test", "--data-dir", _dataDir!,
                     "--listen-client-urls", clientUrl, "--advertise-client-urls", clientUrl,
                     "--listen-peer-urls", _peerUrl, "--initial-advertise-peer-urls", _peerUrl,
                     "--initial-cluster", $"test={_peerUrl}", "--log-level", "warn",
                 })
        {
            info.ArgumentList.Add(arg);
        }

        _process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {_etcd}");
        _process.OutputDataReceived += (_, e) => Remember(e.Data);
        _process.ErrorDataReceived += (_, e) => Remember(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitHealthyAsync(_process);
    }

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_log)
        {
            _log.Add(line);
        }
    }

    private async Task WaitHealthyAsync(Process process)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        var health = new Uri(ClientUrl, "/health");
        while (deadline.Elapsed < StartTimeout)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"etcd exited with code {process.ExitCode} while starting on {ClientUrl}:\n{Log}");
            }
            try
            {
                var body = await http.GetStringAsync(health);
                if (body.Contains("\"health\":\"true\"", StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException)
            {
                // not answering yet
            }
            // Polling is the only readiness signal etcd gives at --log-level warn.
            await Task.Delay(50);
        }
        throw new TimeoutException($"etcd on {ClientUrl} was not healthy after {StartTimeout.TotalSeconds} s:\n{Log}");
    }

    /// <summary>What etcd printed, for failure messages.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return string.Join('\n', _log);
            }
        }
    }

    private async Task KillAsync()
    {
        if (_process is { } process)
        {
            _process = null;
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
            await process.WaitForExitAsync();
            process.Dispose();
        }
    }

    private async Task StopAsync()
    {
        await KillAsync();
        if (_dataDir is { } dir)
        {
            _dataDir = null;
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <inheritdoc />
    Task IAsyncLifetime.DisposeAsync() => StopAsync();

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await StopAsync();
}

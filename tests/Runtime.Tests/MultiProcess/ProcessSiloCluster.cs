using OrleansVector.Runtime.Client;
using OrleansVector.Runtime.Configuration;
using OrleansVector.TestSupport;

namespace OrleansVector.Runtime.Tests.MultiProcess;

/// <summary>
/// Silos as separate OS processes (this test assembly run by <see cref="Program"/>) against a real etcd on loopback, with
/// grain state in one folder they share. The test process itself is no silo: it calls grains through a cluster client.
/// </summary>
public sealed class ProcessSiloCluster : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(20);

    private readonly EtcdServer _etcd;
    private readonly List<(AssemblyChildProcess Process, SiloAddress Address)> _silos = [];

    private ProcessSiloCluster(EtcdServer etcd)
    {
        _etcd = etcd;
        StateFolder = Directory.CreateTempSubdirectory("ov-process-silos-").FullName;
    }

    public string ClusterId { get; } = $"processes-{Guid.NewGuid():N}";

    public string StateFolder { get; }

    public IReadOnlyList<SiloAddress> Silos => [.. _silos.Select(s => s.Address)];

    /// <summary>Leases short enough that a killed silo's grains move within a few seconds.</summary>
    public static void ConfigureMembership(MembershipOptions options)
    {
        options.LeaseTtl = TimeSpan.FromSeconds(3);
        options.KeepAliveInterval = TimeSpan.FromMilliseconds(500);
        options.FencingMargin = TimeSpan.FromSeconds(1);
    }

    /// <summary>Starts <paramref name="count"/> silo processes at once and waits until each serves.</summary>
    public static async Task<ProcessSiloCluster> StartAsync(EtcdServer etcd, int count)
    {
        var cluster = new ProcessSiloCluster(etcd);
        try
        {
            var assembly = typeof(Program).Assembly.Location;
            var processes = Enumerable.Range(0, count)
                .Select(i => AssemblyChildProcess.Start(assembly, SiloHostCommand.ReadyMarker, SiloHostCommand.Name, etcd.ClientUrl.ToString(), cluster.ClusterId, cluster.StateFolder, $"process-silo-{i}"))
                .ToList();
            foreach (var process in processes)
            {
                cluster._silos.Add((process, default!));
            }
            for (var i = 0; i < processes.Count; i++)
            {
                cluster._silos[i] = (processes[i], SiloAddress.Parse(await processes[i].WaitUntilReadyAsync(StartTimeout)));
            }
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
        return cluster;
    }

    /// <summary>A client of this cluster that learns the gateways from etcd.</summary>
    public Task<ClusterClient> ConnectClientAsync() => ClusterClient.ConnectAsync(new ClusterClientOptions
    {
        ClusterId = ClusterId,
        Etcd = new EtcdClusteringOptions { Endpoint = _etcd.ClientUrl },
    });

    /// <summary>SIGKILL: the silo process gets no chance to do anything.</summary>
    public async Task KillAsync(SiloAddress silo)
    {
        var index = _silos.FindIndex(s => s.Address == silo);
        await _silos[index].Process.KillAsync();
    }

    /// <summary>The output of every silo process, for assertion messages.</summary>
    public string Output => string.Join("\n", _silos.Select(s => $"--- {s.Address}\n{s.Process.Output}"));

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_silos.Select(s => s.Process.StopAsync(StopTimeout)));
        foreach (var (process, _) in _silos)
        {
            await process.DisposeAsync();
        }
        Directory.Delete(StateFolder, recursive: true);
    }
}

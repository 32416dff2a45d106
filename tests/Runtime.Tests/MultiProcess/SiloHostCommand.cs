using OrleansVector.Runtime.Configuration;
using OrleansVector.Runtime.Hosting;
using OrleansVector.Runtime.Tests.Infrastructure;

namespace OrleansVector.Runtime.Tests.MultiProcess;

/// <summary>
/// The child side of <see cref="ProcessSiloCluster"/>: one silo with every test grain, membership and directory in etcd,
/// grain state in a folder shared by all silo processes. Prints <see cref="ReadyMarker"/> and its address once it serves;
/// stops gracefully when its standard input closes.
/// </summary>
public static class SiloHostCommand
{
    public const string Name = "silo";
    public const string ReadyMarker = "silo-ready ";
    public const string Usage = "silo <etcd url> <cluster id> <state folder> <silo name>";

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length != 4 || !Uri.TryCreate(args[0], UriKind.Absolute, out var etcd))
        {
            await Console.Error.WriteLineAsync($"Usage: {Usage}");
            return 2;
        }
        var silo = new SiloBuilder()
            .AddTestGrains()
            .AddGrainStorage(PersistentStateAttribute.DefaultStorageName, new FileGrainStorage(args[2]))
            .UseEtcdClustering(o => o.Endpoint = etcd)
            .Configure<ClusterOptions>(o => o.ClusterId = args[1])
            .Configure<SiloOptions>(o => o.SiloName = args[3])
            .Configure<MembershipOptions>(ProcessSiloCluster.ConfigureMembership)
            .Build();
        await using (silo)
        {
            await silo.StartAsync();
            await Console.Out.WriteLineAsync(ReadyMarker + silo.Address);
            await Console.In.ReadToEndAsync();
            await silo.StopAsync();
        }
        return 0;
    }
}

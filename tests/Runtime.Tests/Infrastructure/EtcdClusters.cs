using OrleansVector.Etcd;
using OrleansVector.Runtime.Configuration;
using OrleansVector.Runtime.Hosting;
using OrleansVector.Runtime.Testing;
using OrleansVector.TestSupport;

namespace OrleansVector.Runtime.Tests.Infrastructure;

/// <summary>In-process clusters whose membership and directory live in a real etcd, each under its own cluster id.</summary>
public static class EtcdClusters
{
    /// <summary>
    /// Short leases, so a crashed silo's lease expires within a few seconds of real time; 5 s rather than 3 s because with
    /// 3 s (fenced after 2 s without a renewal) a loaded 2-core machine fenced healthy silos mid-test, and calls in flight
    /// to the old incarnation failed.
    /// </summary>
    public static SiloBuilder UseTestEtcd(this SiloBuilder builder, EtcdServer etcd, string clusterId) => builder
        .UseEtcdClustering(o => o.Endpoint = etcd.ClientUrl)
        .Configure<ClusterOptions>(o => o.ClusterId = clusterId)
        .Configure<MembershipOptions>(o =>
        {
            o.LeaseTtl = TimeSpan.FromSeconds(5);
            o.KeepAliveInterval = TimeSpan.FromMilliseconds(500);
            o.FencingMargin = TimeSpan.FromSeconds(1);
        });

    public static Task<TestCluster> StartAsync(EtcdServer etcd, string clusterId, int silos, MemoryGrainStorage? storage = null) =>
        TestSilos.StartClusterAsync(silos, storage: storage, configure: (builder, _) => builder.UseTestEtcd(etcd, clusterId));

    public static EtcdClient Client(EtcdServer etcd) => new(new EtcdClientOptions { Endpoint = etcd.ClientUrl });

    public static string NewClusterId() => $"test-{Guid.NewGuid():N}";
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansVector.Etcd;
using OrleansVector.Runtime.Catalog;
using OrleansVector.Runtime.Clustering;
using OrleansVector.Runtime.Configuration;

namespace OrleansVector.Runtime.Hosting;

/// <summary>
/// Configures and builds a <see cref="Silo"/>: grains, options, storage, clustering and the services grains depend on.
/// Without clustering configured the silo is standalone (its own in-memory membership and directory).
/// </summary>
public sealed class SiloBuilder
{
    private readonly List<GrainRegistration> _grains = [];

    public SiloBuilder()
    {
        Services.AddOptions();
        Services.AddLogging();
        AddValidation<ClusterOptions>();
        AddValidation<SiloOptions>();
        AddValidation<MessagingOptions>();
        AddValidation<GrainCollectionOptions>();
        AddValidation<SchedulingOptions>();
        AddValidation<MembershipOptions>();
        AddValidation<GrainDirectoryOptions>();
    }

    /// <summary>Services for the silo and its grains.</summary>
    public IServiceCollection Services { get; } = new ServiceCollection();

    public SiloBuilder Configure<TOptions>(Action<TOptions> configure) where TOptions : class
    {
        Services.Configure(configure);
        return this;
    }

    public SiloBuilder AddGrain<TInterface, TGrain>() where TInterface : IGrain where TGrain : Grain, TInterface
    {
        _grains.Add(new GrainRegistration(typeof(TInterface), typeof(TGrain)));
        return this;
    }

    /// <summary>Registers a grain storage provider under <paramref name="name"/> (see <see cref="PersistentStateAttribute"/>).</summary>
    public SiloBuilder AddGrainStorage(string name, IGrainStorage storage)
    {
        Services.AddKeyedSingleton(name, storage);
        return this;
    }

    public SiloBuilder UseTimeProvider(TimeProvider time)
    {
        Services.AddSingleton(time);
        return this;
    }

    /// <summary>Membership and directory shared in process memory (standalone, or the silos of an in-process test cluster).</summary>
    public SiloBuilder UseInMemoryClustering(InMemoryMembershipTable membership, InMemoryGrainDirectory directory)
    {
        Services.AddSingleton<IMembershipTable>(membership);
        Services.AddSingleton<IGrainDirectory>(directory);
        return this;
    }

    /// <summary>
    /// Membership and directory in etcd (a cluster of silo processes): each silo holds a lease, learns membership by watching
    /// a prefix, and registers its activations by create-if-absent transactions bound to its lease.
    /// </summary>
    public SiloBuilder UseEtcdClustering(Action<EtcdClusteringOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        AddValidation<EtcdClusteringOptions>();
        Services.Configure(configure);
        Services.RemoveAll<IMembershipTable>();
        Services.RemoveAll<IGrainDirectory>();
        // etcd is a real server: its client keeps real time even when the silo runs on a test clock.
        Services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<EtcdClusteringOptions>>().Value;
            return new EtcdClient(
                new EtcdClientOptions { Endpoint = options.Endpoint, RequestTimeout = options.RequestTimeout },
                sp.GetRequiredService<ILoggerFactory>().CreateLogger<EtcdClient>());
        });
        Services.AddSingleton<IMembershipTable>(sp => new EtcdMembershipTable(sp.GetRequiredService<EtcdClient>(), EtcdKeyPrefix(sp), EtcdClusterId(sp)));
        Services.AddSingleton<IGrainDirectory>(sp => new EtcdGrainDirectory(sp.GetRequiredService<EtcdClient>(), EtcdKeyPrefix(sp), EtcdClusterId(sp)));
        return this;
    }

    /// <summary>Membership and directory from other implementations.</summary>
    public SiloBuilder UseClustering(IMembershipTable membership, IGrainDirectory directory)
    {
        Services.AddSingleton(membership);
        Services.AddSingleton(directory);
        return this;
    }

    /// <summary>Builds the silo; throws <see cref="OptionsValidationException"/> naming every invalid setting.</summary>
    public Silo Build()
    {
        Services.TryAddSingleton(TimeProvider.System);
        if (!Services.Any(s => s.ServiceType == typeof(IMembershipTable)))
        {
            Services.AddSingleton<InMemoryMembershipTable>(sp => new InMemoryMembershipTable(sp.GetRequiredService<TimeProvider>()));
            Services.AddSingleton<IMembershipTable>(sp => sp.GetRequiredService<InMemoryMembershipTable>());
            Services.AddSingleton<IGrainDirectory>(sp => new InMemoryGrainDirectory(sp.GetRequiredService<InMemoryMembershipTable>()));
        }
        Services.AddSingleton(new GrainTypeRegistry(_grains));
        Services.AddSingleton<SiloRuntime>();
        Services.AddSingleton(sp => sp.GetRequiredService<SiloRuntime>().GrainFactory);
        var provider = Services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        try
        {
            return new Silo(provider);
        }
        catch
        {
            provider.Dispose();
            throw;
        }
    }

    private static string EtcdKeyPrefix(IServiceProvider services) => services.GetRequiredService<IOptions<EtcdClusteringOptions>>().Value.KeyPrefix;

    private static string EtcdClusterId(IServiceProvider services) => services.GetRequiredService<IOptions<ClusterOptions>>().Value.ClusterId;

    private void AddValidation<TOptions>() where TOptions : class, IValidatedOptions =>
        Services.AddSingleton<IValidateOptions<TOptions>, OptionsValidator<TOptions>>();
}

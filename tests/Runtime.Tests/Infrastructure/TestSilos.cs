using OrleansVector.Runtime.Hosting;
using OrleansVector.Runtime.Testing;
using OrleansVector.Runtime.Tests.Grains;

namespace OrleansVector.Runtime.Tests.Infrastructure;

/// <summary>Silos and clusters with every test grain registered.</summary>
public static class TestSilos
{
    public static SiloBuilder AddTestGrains(this SiloBuilder builder) => builder
        .AddGrain<IEchoGrain, EchoGrain>()
        .AddGrain<IIntegerKeyGrain, IntegerKeyGrain>()
        .AddGrain<IGuidKeyGrain, GuidKeyGrain>()
        .AddGrain<IConcurrencyGrain, ConcurrencyGrain>()
        .AddGrain<IReentrantGrain, ReentrantGrain>()
        .AddGrain<ILifecycleGrain, LifecycleGrain>()
        .AddGrain<IHeldActivationGrain, HeldActivationGrain>()
        .AddGrain<IKeptAliveGrain, KeptAliveGrain>()
        .AddGrain<IShortLivedGrain, ShortLivedGrain>()
        .AddGrain<ICounterGrain, CounterGrain>()
        .AddGrain<ITimerGrain, TimerGrain>()
        .AddGrain<IRandomGrain, RandomGrain>()
        .AddGrain<IPreferLocalGrain, PreferLocalGrain>()
        .AddGrain<IHashBasedGrain, HashBasedGrain>()
        .AddGrain<IActivationCountGrain, ActivationCountGrain>()
        .AddGrain<IRoleGrain, RoleGrain>()
        .AddGrain<IWorkerGrain, WorkerGrain>()
        .AddGrain<IRelayGrain, RelayGrain>()
        .AddGrain<IActivatingCallerGrain, ActivatingCallerGrain>()
        .AddGrain<IHeldCalleeGrain, HeldCalleeGrain>();

    /// <summary>A started standalone silo with memory storage "Default".</summary>
    public static async Task<Silo> StartSiloAsync(TimeProvider? time = null, Action<SiloBuilder>? configure = null, MemoryGrainStorage? storage = null)
    {
        var builder = new SiloBuilder()
            .AddTestGrains()
            .AddGrainStorage(PersistentStateAttribute.DefaultStorageName, storage ?? new MemoryGrainStorage())
            .Configure<Configuration.SiloOptions>(o => o.SiloName = "standalone");
        if (time is not null)
        {
            builder.UseTimeProvider(time);
        }
        configure?.Invoke(builder);
        var silo = builder.Build();
        await silo.StartAsync();
        return silo;
    }

    /// <summary>A started in-process cluster sharing one memory storage "Default".</summary>
    public static Task<TestCluster> StartClusterAsync(int silos, TimeProvider? time = null, MemoryGrainStorage? storage = null, Action<SiloBuilder, int>? configure = null)
    {
        var shared = storage ?? new MemoryGrainStorage();
        return TestCluster.StartAsync(new TestClusterOptions
        {
            InitialSilosCount = silos,
            Time = time ?? TimeProvider.System,
            ConfigureSilo = (builder, index) =>
            {
                builder.AddTestGrains().AddGrainStorage(PersistentStateAttribute.DefaultStorageName, shared);
                configure?.Invoke(builder, index);
            },
        });
    }

    /// <summary>Bounds a wait that only a bug could make endless, so a broken runtime fails the test instead of hanging it.</summary>
    public static Task<T> Bounded<T>(this Task<T> task) => task.WaitAsync(TimeSpan.FromSeconds(20));

    public static Task Bounded(this Task task) => task.WaitAsync(TimeSpan.FromSeconds(20));
}

using OrleansVector.Runtime.Hosting;

namespace OrleansVector.Runtime.Testing;

/// <summary>
/// Several silos in one process sharing an in-memory membership table and directory, each with its own HTTP/2 endpoint on
/// loopback. <see cref="KillSiloAsync"/> crashes a silo (no graceful step; its lease expires by the cluster's clock);
/// <see cref="StopSiloAsync"/> stops it gracefully.
/// </summary>
public sealed class TestCluster : IAsyncDisposable
{
    private readonly TestClusterOptions _options;
    private readonly List<Silo> _silos = [];
    private int _nextIndex;

    private TestCluster(TestClusterOptions options)
    {
        _options = options;
        Membership = new InMemoryMembershipTable(options.Time);
        Directory = new InMemoryGrainDirectory(Membership);
    }

    public InMemoryMembershipTable Membership { get; }

    public InMemoryGrainDirectory Directory { get; }

    /// <summary>Silos started and neither stopped nor killed.</summary>
    public IReadOnlyList<Silo> Silos
    {
        get
        {
            lock (_silos)
            {
                return [.. _silos];
            }
        }
    }

    /// <summary>The grain factory of the first running silo.</summary>
    public IGrainFactory GrainFactory => Silos.FirstOrDefault()?.GrainFactory ?? throw new InvalidOperationException("No silo is running.");

    public static async Task<TestCluster> StartAsync(TestClusterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.InitialSilosCount);
        var cluster = new TestCluster(options);
        try
        {
            for (var i = 0; i < options.InitialSilosCount; i++)
            {
                await cluster.StartAdditionalSiloAsync();
            }
            await cluster.WaitForMembershipAsync(s => s.Members.Length == options.InitialSilosCount);
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
        return cluster;
    }

    public async Task<Silo> StartAdditionalSiloAsync()
    {
        var index = Interlocked.Increment(ref _nextIndex) - 1;
        var builder = new SiloBuilder()
            .UseInMemoryClustering(Membership, Directory)
            .UseTimeProvider(_options.Time)
            .Configure<Configuration.SiloOptions>(o => o.SiloName = $"silo-{index}");
        _options.ConfigureSilo?.Invoke(builder, index);
        var silo = builder.Build();
        try
        {
            await silo.StartAsync();
        }
        catch
        {
            await silo.DisposeAsync();
            throw;
        }
        lock (_silos)
        {
            _silos.Add(silo);
        }
        return silo;
    }

    /// <summary>Graceful stop: the silo deactivates its grains and leaves.</summary>
    public async Task StopSiloAsync(Silo silo)
    {
        Forget(silo);
        await silo.StopAsync();
        await silo.DisposeAsync();
    }

    /// <summary>Crash: no graceful step at all. Other silos learn of it when its lease expires.</summary>
    public async Task KillSiloAsync(Silo silo)
    {
        Forget(silo);
        await silo.KillAsync();
        await silo.DisposeAsync();
    }

    /// <summary>Waits until every running silo's membership view satisfies <paramref name="condition"/> (30 s at most, real time).</summary>
    public async Task WaitForMembershipAsync(Func<MembershipSnapshot, bool> condition)
    {
        foreach (var silo in Silos)
        {
            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            void OnChanged(MembershipSnapshot snapshot)
            {
                if (condition(snapshot))
                {
                    reached.TrySetResult();
                }
            }
            silo.MembershipChanged += OnChanged;
            try
            {
                OnChanged(silo.Membership);
                await reached.Task.WaitAsync(TimeSpan.FromSeconds(30));
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"Silo {silo.Name} did not see the expected membership within 30 s; it sees {silo.Membership}.");
            }
            finally
            {
                silo.MembershipChanged -= OnChanged;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var silo in Silos)
        {
            Forget(silo);
            await silo.DisposeAsync();
        }
        Membership.Dispose();
    }

    private void Forget(Silo silo)
    {
        lock (_silos)
        {
            _silos.Remove(silo);
        }
    }
}

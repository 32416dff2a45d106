using System.Collections.Concurrent;

namespace OrleansVector.Runtime.Tests.Infrastructure;

/// <summary>
/// What a test grain observed, shared between the grain and the test by the grain's key, plus gates the test opens to
/// let grain code continue. Each test makes its own probes, so tests running in parallel never share one.
/// </summary>
public sealed class Probe
{
    private static readonly ConcurrentDictionary<string, Probe> s_probes = new();

    private int _arrived;

    public string Key { get; private init; } = "";

    /// <summary>A probe with a fresh key (use it as the grain key).</summary>
    public static Probe Create(string prefix)
    {
        var probe = new Probe { Key = $"{prefix}-{Guid.NewGuid():N}" };
        s_probes[probe.Key] = probe;
        return probe;
    }

    public static Probe For(string key) => s_probes.GetOrAdd(key, k => new Probe { Key = k });

    public int Activations;

    public int Running;

    public int MaxRunning;

    public long Ticks;

    public bool FailActivation { get; set; }

    public bool WriterStarted { get; set; }

    /// <summary>Opened by the test to let waiting grain code continue.</summary>
    public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the grain's OnDeactivateAsync ran.</summary>
    public TaskCompletionSource Deactivated { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once <see cref="Arrive"/> was called <see cref="Expected"/> times.</summary>
    public TaskCompletionSource AllArrived { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Expected { get; set; } = 2;

    public ConcurrentQueue<long> Appended { get; } = new();

    public ConcurrentQueue<DeactivationReason> Deactivations { get; } = new();

    /// <summary>For each deactivation: whether the hosting silo was still in the membership table then.</summary>
    public ConcurrentQueue<bool> StillMemberAtDeactivation { get; } = new();

    public InMemoryMembershipTable? Table { get; set; }

    public object? LastReference { get; set; }

    public string? SeenOnActivate { get; set; }

    public void Arrive()
    {
        if (Interlocked.Increment(ref _arrived) >= Expected)
        {
            AllArrived.TrySetResult();
        }
    }

    public void Enter()
    {
        var running = Interlocked.Increment(ref Running);
        int max;
        while (running > (max = Volatile.Read(ref MaxRunning)) && Interlocked.CompareExchange(ref MaxRunning, running, max) != max)
        {
        }
    }

    public void Exit() => Interlocked.Decrement(ref Running);
}

using System.Globalization;
using OrleansVector.Runtime.Hosting;
using OrleansVector.Runtime.Tests.Grains;

namespace OrleansVector.Runtime.Tests.Infrastructure;

/// <summary>
/// The increments of counter grains that callers saw acknowledged. Each counter's persisted ETag counts every write its
/// storage ever accepted, so ETag == acknowledged increments proves no second activation wrote behind the first's back.
/// </summary>
public sealed class CounterLedger(IEnumerable<string> keys)
{
    private readonly Dictionary<string, long> _acknowledged = keys.ToDictionary(k => k, _ => 0L);

    public IReadOnlyCollection<string> Keys => _acknowledged.Keys;

    /// <summary>True when acknowledged. A call refused by an unavailable (fenced or dead) silo was not executed (at-most-once).</summary>
    public async Task<bool> TryIncrementAsync(Silo caller, string key)
    {
        try
        {
            var count = (await caller.GrainFactory.GetGrain<ICounterGrain>(key).Increment().Bounded()).Value;
            Assert.Equal(_acknowledged[key] + 1, count);
            _acknowledged[key] = count;
            return true;
        }
        catch (SiloUnavailableException)
        {
            return false;
        }
    }

    public async Task IncrementAllAsync(Silo caller)
    {
        foreach (var key in Keys)
        {
            await TryIncrementAsync(caller, key);
        }
    }

    /// <summary>Once the cluster settled: each grain answers again (the test repeats refused calls), and its ETag matches the ledger.</summary>
    public async Task AssertEveryWriteWasAcknowledgedAsync(Silo caller, IGrainStorage storage)
    {
        foreach (var key in Keys)
        {
            for (var attempt = 0; !await TryIncrementAsync(caller, key); attempt++)
            {
                Assert.True(attempt < 3, $"{key} is still refused after the membership settled");
            }
            var stored = await storage.ReadAsync("counter", new GrainId("counter", key), default);
            Assert.NotNull(stored);
            Assert.Equal(_acknowledged[key].ToString(CultureInfo.InvariantCulture), stored.ETag);
        }
    }
}

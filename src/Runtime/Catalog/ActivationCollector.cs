using Microsoft.Extensions.Logging;
using OrleansVector.Runtime.Hosting;

namespace OrleansVector.Runtime.Catalog;

/// <summary>
/// Deactivates activations idle longer than their collection age, every collection quantum. It scans all activations
/// instead of Orleans's time buckets: a silo here holds thousands of activations, not millions, and a scan per minute is cheap.
/// Grains with [KeepAlive] are never collected; DelayDeactivation postpones collection.
/// </summary>
internal sealed partial class ActivationCollector(SiloRuntime runtime) : IDisposable
{
    private ITimer? _timer;

    public void Start()
    {
        var quantum = runtime.Collection.CollectionQuantum;
        _timer = runtime.Time.CreateTimer(static s => ((ActivationCollector)s!).Collect(), this, quantum, quantum);
    }

    /// <summary>Deactivates every activation that is idle past its age; returns how many.</summary>
    public int Collect()
    {
        var now = runtime.Time.GetUtcNow();
        var collected = 0;
        foreach (var activation in runtime.Catalog.All)
        {
            if (activation.Class.KeepAlive)
            {
                continue;
            }
            var age = runtime.Collection.ClassSpecificCollectionAge.TryGetValue(activation.Class.GrainType, out var specific)
                ? specific
                : activation.Class.CollectionAge ?? runtime.Collection.CollectionAge;
            if (activation.IsIdleLongerThan(age, now))
            {
                activation.Deactivate(new DeactivationReason(DeactivationReasonCode.ActivationIdle, $"idle for more than {age}"));
                collected++;
            }
        }
        if (collected > 0)
        {
            LogDebugCollected(runtime.ActivationLogger, collected);
        }
        return collected;
    }

    public void Dispose() => _timer?.Dispose();

    [LoggerMessage(EventId = 400, Level = LogLevel.Debug, Message = "Collected {Count} idle activations")]
    private static partial void LogDebugCollected(ILogger logger, int count);
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace OrleansVector.Runtime.Diagnostics;

/// <summary>
/// Counters of one silo: activations (per grain type), calls and timeouts, as System.Diagnostics.Metrics instruments tagged
/// with the silo name (and the activations ones with <c>grain_type</c>), and readable directly.
/// </summary>
internal sealed class RuntimeInstruments
{
    public const string MeterName = "OrleansVector.Runtime";

    private static readonly Meter s_meter = new(MeterName);
    private static readonly Counter<long> s_activationsCreated = s_meter.CreateCounter<long>("orleansvector.runtime.activations.created");
    private static readonly UpDownCounter<long> s_activations = s_meter.CreateUpDownCounter<long>("orleansvector.runtime.activations");
    private static readonly Counter<long> s_callsSent = s_meter.CreateCounter<long>("orleansvector.runtime.calls.sent");
    private static readonly Counter<long> s_callsReceived = s_meter.CreateCounter<long>("orleansvector.runtime.calls.received");
    private static readonly Counter<long> s_timeouts = s_meter.CreateCounter<long>("orleansvector.runtime.calls.timeouts");

    private readonly string _siloName;
    private readonly TagList _tags;
    private readonly ConcurrentDictionary<string, GrainTypeActivations> _byGrainType = new(StringComparer.Ordinal);
    private long _activationsCreated;
    private long _timeouts;

    public RuntimeInstruments(string siloName)
    {
        _siloName = siloName;
        _tags = new TagList { { "silo", siloName } };
    }

    public long ActivationsCreated => Interlocked.Read(ref _activationsCreated);

    public long Timeouts => Interlocked.Read(ref _timeouts);

    /// <summary>Valid activations now, per grain type; a type keeps its entry (at 0) once its activations are gone.</summary>
    public IReadOnlyDictionary<string, long> ActivationCountsByGrainType() =>
        _byGrainType.ToDictionary(e => e.Key, e => Interlocked.Read(ref e.Value.Count), StringComparer.Ordinal);

    public void ActivationCreated(string grainType)
    {
        Interlocked.Increment(ref _activationsCreated);
        var type = For(grainType);
        Interlocked.Increment(ref type.Count);
        s_activationsCreated.Add(1, type.Tags);
        s_activations.Add(1, type.Tags);
    }

    /// <summary>An activation counted by <see cref="ActivationCreated"/> left.</summary>
    public void ActivationRemoved(string grainType)
    {
        var type = For(grainType);
        Interlocked.Decrement(ref type.Count);
        s_activations.Add(-1, type.Tags);
    }

    public void CallSent() => s_callsSent.Add(1, _tags);

    public void CallReceived() => s_callsReceived.Add(1, _tags);

    public void CallTimedOut()
    {
        Interlocked.Increment(ref _timeouts);
        s_timeouts.Add(1, _tags);
    }

    private GrainTypeActivations For(string grainType) =>
        _byGrainType.GetOrAdd(grainType, static (type, silo) => new GrainTypeActivations(new TagList { { "silo", silo }, { "grain_type", type } }), _siloName);

    /// <summary>The live count and the instrument tags of one grain type (built once, not per activation).</summary>
    private sealed class GrainTypeActivations(TagList tags)
    {
        public readonly TagList Tags = tags;
        public long Count;
    }
}

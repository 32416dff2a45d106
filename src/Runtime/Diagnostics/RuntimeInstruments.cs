using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace OrleansVector.Runtime.Diagnostics;

/// <summary>Counters of one silo: activations, calls and timeouts, as System.Diagnostics.Metrics instruments tagged with the silo name, and readable directly.</summary>
internal sealed class RuntimeInstruments
{
    public const string MeterName = "OrleansVector.Runtime";

    private static readonly Meter s_meter = new(MeterName);
    private static readonly Counter<long> s_activationsCreated = s_meter.CreateCounter<long>("orleansvector.runtime.activations.created");
    private static readonly UpDownCounter<long> s_activations = s_meter.CreateUpDownCounter<long>("orleansvector.runtime.activations");
    private static readonly Counter<long> s_callsSent = s_meter.CreateCounter<long>("orleansvector.runtime.calls.sent");
    private static readonly Counter<long> s_callsReceived = s_meter.CreateCounter<long>("orleansvector.runtime.calls.received");
    private static readonly Counter<long> s_timeouts = s_meter.CreateCounter<long>("orleansvector.runtime.calls.timeouts");

    private readonly TagList _tags;
    private long _activationsCreated;
    private long _timeouts;

    public RuntimeInstruments(string siloName) => _tags = new TagList { { "silo", siloName } };

    public long ActivationsCreated => Interlocked.Read(ref _activationsCreated);

    public long Timeouts => Interlocked.Read(ref _timeouts);

    public void ActivationCreated()
    {
        Interlocked.Increment(ref _activationsCreated);
        s_activationsCreated.Add(1, _tags);
        s_activations.Add(1, _tags);
    }

    public void ActivationRemoved() => s_activations.Add(-1, _tags);

    public void CallSent() => s_callsSent.Add(1, _tags);

    public void CallReceived() => s_callsReceived.Add(1, _tags);

    public void CallTimedOut()
    {
        Interlocked.Increment(ref _timeouts);
        s_timeouts.Add(1, _tags);
    }
}

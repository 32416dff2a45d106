namespace OrleansVector.Runtime.Configuration;

/// <summary>How long an activation may hold a thread before yielding, and when a long turn is logged.</summary>
public sealed class SchedulingOptions : IValidatedOptions
{
    public TimeSpan ActivationSchedulingQuantum { get; set; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan TurnWarningLengthThreshold { get; set; } = TimeSpan.FromSeconds(1);

    public IEnumerable<string> Validate() =>
        OptionChecks.Positive(nameof(ActivationSchedulingQuantum), ActivationSchedulingQuantum)
            .Concat(OptionChecks.Positive(nameof(TurnWarningLengthThreshold), TurnWarningLengthThreshold));
}

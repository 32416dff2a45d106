namespace OrleansVector.Runtime.Configuration;

/// <summary>
/// Liveness by lease: a silo renews its lease every <see cref="KeepAliveInterval"/>; the membership store expires it
/// <see cref="LeaseTtl"/> after the last renewal. The silo stops serving <see cref="FencingMargin"/> before the earliest
/// moment its lease could expire, so no other silo can take over its grains while it still serves them.
/// </summary>
public sealed class MembershipOptions : IValidatedOptions
{
    public TimeSpan LeaseTtl { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan FencingMargin { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Whether a silo that lost its lease joins again with a new generation.</summary>
    public bool RejoinAfterLeaseLoss { get; set; } = true;

    public IEnumerable<string> Validate()
    {
        foreach (var error in OptionChecks.Positive(nameof(LeaseTtl), LeaseTtl)
            .Concat(OptionChecks.Positive(nameof(KeepAliveInterval), KeepAliveInterval))
            .Concat(OptionChecks.Positive(nameof(FencingMargin), FencingMargin)))
        {
            yield return error;
        }
        if (KeepAliveInterval * 2 + FencingMargin >= LeaseTtl)
        {
            yield return $"{nameof(KeepAliveInterval)} ({KeepAliveInterval}) x 2 + {nameof(FencingMargin)} ({FencingMargin}) must be less than {nameof(LeaseTtl)} ({LeaseTtl}), or one late renewal fences a healthy silo.";
        }
    }
}

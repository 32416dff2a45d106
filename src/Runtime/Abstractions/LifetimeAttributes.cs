namespace OrleansVector.Runtime;

/// <summary>Activations of this grain class are never collected for being idle (for grains that hold loaded data).</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class KeepAliveAttribute : Attribute;

/// <summary>How long an activation of this class may stay idle before it is collected (at least one minute).</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class CollectionAgeLimitAttribute(string age) : Attribute
{
    public TimeSpan Age { get; } = TimeSpan.TryParse(age, System.Globalization.CultureInfo.InvariantCulture, out var value) && value >= TimeSpan.FromMinutes(1)
        ? value
        : throw new ArgumentException($"Collection age '{age}' must be a TimeSpan of at least 00:01:00.", nameof(age));
}

namespace OrleansVector.Runtime.Configuration;

/// <summary>Shared range checks for options classes.</summary>
internal static class OptionChecks
{
    public static IEnumerable<string> Positive(string name, TimeSpan value) =>
        value > TimeSpan.Zero ? [] : [$"{name} is {value}; it must be positive."];

    public static IEnumerable<string> Positive(string name, long value) =>
        value > 0 ? [] : [$"{name} is {value}; it must be positive."];

    public static IEnumerable<string> NotEmpty(string name, string? value) =>
        string.IsNullOrWhiteSpace(value) ? [$"{name} is empty; it must be set."] : [];
}

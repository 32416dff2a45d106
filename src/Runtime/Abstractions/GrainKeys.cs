using System.Globalization;

namespace OrleansVector.Runtime;

/// <summary>How keys become the text of a <see cref="GrainId"/> and back (as Orleans encodes them).</summary>
public static class GrainKeys
{
    public static string FromLong(long key) => key.ToString("X", CultureInfo.InvariantCulture);

    public static string FromGuid(Guid key) => key.ToString("N");

    public static long ToLong(GrainId id) =>
        long.TryParse(id.Key, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new InvalidOperationException($"Grain {id} does not have an integer key.");

    public static Guid ToGuid(GrainId id) =>
        Guid.TryParseExact(id.Key, "N", out var value) ? value : throw new InvalidOperationException($"Grain {id} does not have a Guid key.");
}

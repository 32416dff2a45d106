using System.Globalization;

namespace OrleansVector.Index;

/// <summary>Reads Milvus index parameters (string values, as the wire carries them) with range checks.</summary>
internal static class MilvusParameters
{
    /// <summary>Keys the gateway may pass along with build parameters that describe the index rather than tune it.</summary>
    internal static readonly string[] BuildFramingKeys = ["index_type", "metric_type", "dim", "mmap.enabled", "mmap_enabled"];

    public static int GetInt(IReadOnlyDictionary<string, string> parameters, string name, int defaultValue, int min, int max)
    {
        if (!parameters.TryGetValue(name, out var text))
        {
            return defaultValue;
        }

        return ParseInt(name, text, min, max);
    }

    public static int ParseInt(string name, string text, int min, int max)
    {
        if (!long.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            // JSON clients sometimes send 16.0 for 16.
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) || real != Math.Floor(real)
                || real < long.MinValue || real > long.MaxValue)
            {
                throw new IndexParameterException(name, IndexParameterException.Range(min, max),
                    $"Index parameter '{name}' = '{text}' is not an integer; valid range is {IndexParameterException.Range(min, max)}.");
            }

            value = (long)real;
        }

        if (value < min || value > max)
        {
            throw IndexParameterException.OutOfRange(name, value, min, max);
        }

        return (int)value;
    }

    public static float ParseFloat(string name, string text)
    {
        if (!float.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !float.IsFinite(value))
        {
            throw new IndexParameterException(name, "a finite number", $"Search parameter '{name}' = '{text}' is not a finite number.");
        }

        return value;
    }

    /// <summary>Rejects every key that is neither one of <paramref name="known"/> nor a framing key.</summary>
    public static void RejectUnknown(IReadOnlyDictionary<string, string> parameters, string indexType, IReadOnlyCollection<string> known, IReadOnlyCollection<string> framing)
    {
        foreach (var key in parameters.Keys)
        {
            if (!known.Contains(key) && !framing.Contains(key))
            {
                throw IndexParameterException.Unknown(key, indexType, known);
            }
        }
    }
}

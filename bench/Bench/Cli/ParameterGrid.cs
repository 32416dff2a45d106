using System.Text.RegularExpressions;

namespace OrleansVector.Bench.Cli;

/// <summary>
/// Index parameters written as on the command line. A build is "M=16,efConstruction=200" (one value per key);
/// a search grid is "ef=16,32,64" (a bare value continues the previous key) and several keys give every combination:
/// "nprobe=8,16,ef=32" is {nprobe=8, ef=32} and {nprobe=16, ef=32}.
/// </summary>
internal static partial class ParameterGrid
{
    public static IReadOnlyDictionary<string, string> ParseBuild(string? text, string option)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, values) in ParseKeys(text, option))
        {
            if (values.Count != 1)
            {
                throw new UsageException($"--{option}: '{key}' has {values.Count} values ({string.Join(",", values)}); a build takes one value per parameter");
            }
            result[key] = values[0];
        }
        return result;
    }

    /// <summary>Every combination of the listed values; one empty setting when the text is empty.</summary>
    public static IReadOnlyList<IReadOnlyDictionary<string, string>> ParseSearch(string? text, string option)
    {
        IReadOnlyList<IReadOnlyDictionary<string, string>> settings = [new Dictionary<string, string>(StringComparer.Ordinal)];
        foreach (var (key, values) in ParseKeys(text, option))
        {
            settings = settings.SelectMany(setting => values.Select(value =>
                (IReadOnlyDictionary<string, string>)new Dictionary<string, string>(setting, StringComparer.Ordinal) { [key] = value })).ToArray();
        }
        return settings;
    }

    /// <summary>The canonical text of one setting, "key=value,key=value" in insertion order ("-" when empty).</summary>
    public static string Format(IReadOnlyDictionary<string, string> setting) =>
        setting.Count == 0 ? "-" : string.Join(",", setting.Select(p => $"{p.Key}={p.Value}"));

    private static List<(string Key, List<string> Values)> ParseKeys(string? text, string option)
    {
        var keys = new List<(string Key, List<string> Values)>();
        if (string.IsNullOrWhiteSpace(text) || text.Trim() == "-")
        {
            return keys;
        }
        foreach (var token in text.Split(',', StringSplitOptions.TrimEntries))
        {
            var equals = token.IndexOf('=', StringComparison.Ordinal);
            if (equals >= 0)
            {
                var key = token[..equals].Trim();
                if (!KeyPattern().IsMatch(key))
                {
                    throw new UsageException($"--{option}: '{token}' does not start with a parameter name (letters, digits, '_' or '.')");
                }
                if (keys.Any(k => k.Key == key))
                {
                    throw new UsageException($"--{option}: '{key}' is given twice");
                }
                keys.Add((key, []));
                AddValue(keys[^1].Values, token[(equals + 1)..], token, option);
            }
            else if (keys.Count == 0)
            {
                throw new UsageException($"--{option}: '{token}' has no parameter name; write name=value (e.g. ef=16,32)");
            }
            else
            {
                AddValue(keys[^1].Values, token, token, option);
            }
        }
        return keys;
    }

    private static void AddValue(List<string> values, string value, string token, string option)
    {
        value = value.Trim();
        if (value.Length == 0)
        {
            throw new UsageException($"--{option}: '{token}' has an empty value");
        }
        values.Add(value);
    }

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_.]*$")]
    private static partial Regex KeyPattern();
}

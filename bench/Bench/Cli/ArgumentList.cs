using System.Globalization;

namespace OrleansVector.Bench.Cli;

/// <summary>
/// Parsed "--name value", "--name=value" and "--flag" arguments of one command, checked against the options the command
/// declares. Every problem (unknown option, missing or malformed value, repeated option) is a <see cref="UsageException"/>.
/// </summary>
internal sealed class ArgumentList
{
    private readonly Dictionary<string, string?> _values;

    private ArgumentList(Dictionary<string, string?> values) => _values = values;

    public static ArgumentList Parse(IReadOnlyList<string> args, IReadOnlyList<OptionSpec> options)
    {
        var byName = options.ToDictionary(o => o.Name, StringComparer.Ordinal);
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                throw new UsageException($"unexpected argument '{arg}'; options start with -- (e.g. --k 10)");
            }
            var name = arg[2..];
            string? inlineValue = null;
            var equals = name.IndexOf('=', StringComparison.Ordinal);
            if (equals >= 0)
            {
                inlineValue = name[(equals + 1)..];
                name = name[..equals];
            }
            if (!byName.TryGetValue(name, out var spec))
            {
                throw new UsageException($"unknown option --{name}; valid options are {string.Join(", ", options.Select(o => "--" + o.Name))}");
            }
            if (values.ContainsKey(name))
            {
                throw new UsageException($"--{name} is given twice");
            }
            if (spec.IsFlag)
            {
                if (inlineValue is not null)
                {
                    throw new UsageException($"--{name} is a flag and takes no value");
                }
                values[name] = null;
                continue;
            }
            if (inlineValue is null)
            {
                if (i + 1 >= args.Count || (args[i + 1].StartsWith("--", StringComparison.Ordinal) && args[i + 1].Length > 2))
                {
                    throw new UsageException($"--{name} needs a value: {spec}");
                }
                inlineValue = args[++i];
            }
            values[name] = inlineValue;
        }
        foreach (var required in options.Where(o => o.Required && !values.ContainsKey(o.Name)))
        {
            throw new UsageException($"{required} is required");
        }
        return new ArgumentList(values);
    }

    public bool Has(string name) => _values.ContainsKey(name);

    public bool Flag(string name) => _values.ContainsKey(name);

    public string? Optional(string name) => _values.TryGetValue(name, out var value) ? value : null;

    public string Required(string name) =>
        Optional(name) ?? throw new UsageException($"--{name} is required");

    public string String(string name, string defaultValue) => Optional(name) ?? defaultValue;

    public int Int(string name, int defaultValue, int min, int max)
    {
        var text = Optional(name);
        if (text is null)
        {
            return defaultValue;
        }
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new UsageException($"--{name} '{text}' is not an integer in [{min}, {max}]");
        }
        return value;
    }

    public double Double(string name, double defaultValue, double min, double max)
    {
        var text = Optional(name);
        if (text is null)
        {
            return defaultValue;
        }
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !(value >= min && value <= max))
        {
            throw new UsageException($"--{name} '{text}' is not a number in [{min}, {max}]");
        }
        return value;
    }

    /// <summary>A comma-separated list of numbers, e.g. "0.9,0.95,0.99".</summary>
    public IReadOnlyList<double> Doubles(string name, IReadOnlyList<double> defaultValue, double min, double max)
    {
        var text = Optional(name);
        if (text is null)
        {
            return defaultValue;
        }
        return text.Split(',', StringSplitOptions.TrimEntries).Select(item =>
            double.TryParse(item, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
                ? value
                : throw new UsageException($"--{name}: '{item}' is not a number in [{min}, {max}]")).ToArray();
    }

    /// <summary>An existing file.</summary>
    public string? ExistingFile(string name)
    {
        var path = Optional(name);
        if (path is not null && !File.Exists(path))
        {
            throw new UsageException($"--{name}: file '{path}' does not exist");
        }
        return path;
    }
}

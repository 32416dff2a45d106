using System.Globalization;
using System.Text;

namespace OrleansVector.Gateway.Metrics;

/// <summary>How instrument names, tags and help text become valid Prometheus text.</summary>
public static class PrometheusNames
{
    /// <summary>
    /// The metric name of an instrument: every character outside [a-zA-Z0-9_:] (the dots of
    /// <c>orleansvector.wal.appended_bytes</c>) becomes '_', and counters end in <c>_total</c>.
    /// </summary>
    public static string Metric(string instrumentName, MetricKind kind)
    {
        var name = Sanitize(instrumentName, allowColon: true);
        return kind == MetricKind.Counter && !name.EndsWith("_total", StringComparison.Ordinal) ? name + "_total" : name;
    }

    /// <summary>A label name: [a-zA-Z_][a-zA-Z0-9_]*.</summary>
    public static string Label(string tagName) => Sanitize(tagName, allowColon: false);

    /// <summary>Label text <c>a="x",b="y"</c> of tags sorted by name, values escaped (a null value is empty).</summary>
    public static string Labels(IEnumerable<KeyValuePair<string, object?>> tags)
    {
        var text = new StringBuilder();
        foreach (var (key, value) in tags.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            Append(text, key, TagText(value));
        }
        return text.ToString();
    }

    /// <summary>Appends <c>name="value"</c> (escaped) to label text, with a comma when it is not the first.</summary>
    public static StringBuilder Append(StringBuilder labels, string name, string value)
    {
        if (labels.Length > 0)
        {
            labels.Append(',');
        }
        return labels.Append(Label(name)).Append("=\"").Append(EscapeLabelValue(value)).Append('"');
    }

    /// <summary>Label values escape backslash, double quote and newline.</summary>
    public static string EscapeLabelValue(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>HELP text escapes backslash and newline.</summary>
    public static string EscapeHelp(string help) =>
        help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>A sample value: Prometheus spells the infinities +Inf and -Inf and not-a-number NaN.</summary>
    public static string Value(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ when double.IsNaN(value) => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    private static string TagText(object? value) => value switch
    {
        null => "",
        bool flag => flag ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string Sanitize(string name, bool allowColon)
    {
        if (name.Length == 0)
        {
            return "_";
        }
        var text = new StringBuilder(name.Length + 1);
        if (char.IsAsciiDigit(name[0]))
        {
            text.Append('_');
        }
        foreach (var c in name)
        {
            text.Append(char.IsAsciiLetterOrDigit(c) || c == '_' || (allowColon && c == ':') ? c : '_');
        }
        return text.ToString();
    }
}

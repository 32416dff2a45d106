namespace OrleansVector.Index;

/// <summary>
/// An index build or search parameter that is unknown, malformed or out of its valid range. The message names the
/// parameter (with Milvus's spelling) and what is valid; the gateway maps it to Milvus's ParameterInvalid error.
/// </summary>
public sealed class IndexParameterException : ArgumentException
{
    public IndexParameterException(string parameter, string validRange, string message)
        : base(message, parameter)
    {
        Parameter = parameter;
        ValidRange = validRange;
    }

    /// <summary>The Milvus parameter name, e.g. "efConstruction".</summary>
    public string Parameter { get; }

    /// <summary>What the parameter accepts, e.g. "[2, 2048]".</summary>
    public string ValidRange { get; }

    public static IndexParameterException OutOfRange(string parameter, long value, long min, long max) =>
        new(parameter, Range(min, max), $"Index parameter '{parameter}' = {value} is out of range; valid range is {Range(min, max)}.");

    public static IndexParameterException Unknown(string parameter, string indexType, IEnumerable<string> valid)
    {
        var list = string.Join(", ", valid);
        return new(parameter, list, $"Unknown parameter '{parameter}' for index type {indexType}; valid parameters are: {(list.Length == 0 ? "(none)" : list)}.");
    }

    internal static string Range(long min, long max) => $"[{min}, {max}]";
}

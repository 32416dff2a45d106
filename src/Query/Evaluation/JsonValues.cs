using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using OrleansVector.Query.Planning;

namespace OrleansVector.Query.Evaluation;

/// <summary>
/// Comparisons between a JSON value and a constant with Milvus's typing: an integer constant matches a JSON
/// integer exactly or any other JSON number as a double, a double any number, a string only a string (ordinal),
/// a bool only a bool, an array an array of equal elements. Other pairings do not compare.
/// </summary>
internal static class JsonValues
{
    /// <summary>The sign of <paramref name="element"/> versus <paramref name="constant"/>, or null when they do not compare.</summary>
    public static int? Compare(in JsonElement element, FilterValue constant)
    {
        switch (constant.Kind)
        {
            case FilterValueKind.Int64 when element.ValueKind == JsonValueKind.Number:
                return element.TryGetInt64(out var l) ? l.CompareTo(constant.AsInt64) : CompareDoubles(element.GetDouble(), constant.AsInt64);
            case FilterValueKind.Double when element.ValueKind == JsonValueKind.Number:
                return CompareDoubles(element.GetDouble(), constant.AsDouble);
            case FilterValueKind.String when element.ValueKind == JsonValueKind.String:
                return CompareString(element, constant.Utf8);
            case FilterValueKind.Bool when element.ValueKind is JsonValueKind.True or JsonValueKind.False:
                return (element.ValueKind == JsonValueKind.True).CompareTo(constant.AsBool);
            case FilterValueKind.Array when element.ValueKind == JsonValueKind.Array:
                return EqualArrays(element, constant) ? 0 : null;
            default:
                return null;
        }
    }

    public static bool Equal(in JsonElement element, FilterValue constant) => Compare(element, constant) == 0;

    public static bool EqualsAny(in JsonElement element, IReadOnlyList<FilterValue> constants)
    {
        foreach (var constant in constants)
        {
            if (Equal(element, constant))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the JSON array holds all (<see cref="ContainsMode.All"/>) or any of <paramref name="constants"/>.</summary>
    public static bool ArrayContains(in JsonElement array, ContainsMode mode, IReadOnlyList<FilterValue> constants)
    {
        var all = mode == ContainsMode.All;
        foreach (var constant in constants)
        {
            if (ArrayContains(array, constant) != all)
            {
                return !all;
            }
        }

        return all;
    }

    private static bool ArrayContains(in JsonElement array, FilterValue constant)
    {
        foreach (var item in array.EnumerateArray())
        {
            if (Equal(item, constant))
            {
                return true;
            }
        }

        return false;
    }

    // NaN compares with nothing.
    private static int? CompareDoubles(double a, double b) => double.IsNaN(a) || double.IsNaN(b) ? null : a.CompareTo(b);

    private static int CompareString(in JsonElement element, ReadOnlySpan<byte> constant) => Utf8(element).SequenceCompareTo(constant);

    /// <summary>The text of a JSON string as UTF-8: its raw bytes when it has no escapes (the usual case), decoded otherwise.</summary>
    public static ReadOnlySpan<byte> Utf8(in JsonElement element)
    {
        var raw = JsonMarshal.GetRawUtf8Value(element);
        var inner = raw[1..^1];
        return inner.IndexOf((byte)'\\') < 0 ? inner : Encoding.UTF8.GetBytes(element.GetString()!);
    }

    private static bool EqualArrays(in JsonElement element, FilterValue constant)
    {
        var items = constant.Items;
        if (element.GetArrayLength() != items.Count)
        {
            return false;
        }

        var i = 0;
        foreach (var item in element.EnumerateArray())
        {
            if (!Equal(item, items[i++]))
            {
                return false;
            }
        }

        return true;
    }
}

using System.Globalization;
using System.Text;

namespace OrleansVector.Query;

/// <summary>The kinds of <see cref="FilterValue"/>, matching Milvus <c>TemplateValue</c>.</summary>
public enum FilterValueKind
{
    Bool,
    Int64,
    Double,
    String,
    Array,
}

/// <summary>
/// A typed constant: a literal of an expression, a template variable's value (Milvus <c>expr_template_values</c>)
/// or a bound the plan reports for pruning. Immutable; equal values hash alike (Int64 3 and Double 3.0 are equal).
/// </summary>
public sealed class FilterValue : IEquatable<FilterValue>, IComparable<FilterValue>
{
    private readonly long _int;
    private readonly double _double;
    private readonly string? _string;
    private readonly FilterValue[]? _items;
    private byte[]? _utf8;

    private FilterValue(FilterValueKind kind, long i = 0, double d = 0, string? s = null, FilterValue[]? items = null)
    {
        Kind = kind;
        _int = i;
        _double = d;
        _string = s;
        _items = items;
    }

    public FilterValueKind Kind { get; }

    public bool IsNumeric => Kind is FilterValueKind.Int64 or FilterValueKind.Double;

    public bool AsBool => Kind == FilterValueKind.Bool ? _int != 0 : throw WrongKind(FilterValueKind.Bool);

    public long AsInt64 => Kind == FilterValueKind.Int64 ? _int : throw WrongKind(FilterValueKind.Int64);

    /// <summary>The value as a double; Int64 values convert.</summary>
    public double AsDouble => Kind switch
    {
        FilterValueKind.Double => _double,
        FilterValueKind.Int64 => _int,
        _ => throw WrongKind(FilterValueKind.Double),
    };

    public string AsString => _string is not null && Kind == FilterValueKind.String ? _string : throw WrongKind(FilterValueKind.String);

    /// <summary>The string as UTF-8 bytes (computed once).</summary>
    public ReadOnlySpan<byte> Utf8 => _utf8 ??= Encoding.UTF8.GetBytes(AsString);

    public IReadOnlyList<FilterValue> Items => _items ?? throw WrongKind(FilterValueKind.Array);

    public static FilterValue Bool(bool value) => new(FilterValueKind.Bool, i: value ? 1 : 0);

    public static FilterValue Int64(long value) => new(FilterValueKind.Int64, i: value);

    public static FilterValue Double(double value) => new(FilterValueKind.Double, d: value);

    public static FilterValue String(string value) => new(FilterValueKind.String, s: value ?? throw new ArgumentNullException(nameof(value)));

    public static FilterValue Array(IEnumerable<FilterValue> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        FilterValue[] copy = [.. items];
        foreach (var item in copy)
        {
            ArgumentNullException.ThrowIfNull(item, nameof(items));
        }

        return new(FilterValueKind.Array, items: copy);
    }

    public static FilterValue Array(params FilterValue[] items) => Array((IEnumerable<FilterValue>)items);

    public bool Equals(FilterValue? other)
    {
        if (other is null)
        {
            return false;
        }

        if (IsNumeric && other.IsNumeric)
        {
            return Kind == FilterValueKind.Int64 && other.Kind == FilterValueKind.Int64 ? _int == other._int : AsDouble.Equals(other.AsDouble);
        }

        return Kind == other.Kind && Kind switch
        {
            FilterValueKind.Bool => _int == other._int,
            FilterValueKind.String => string.Equals(_string, other._string, StringComparison.Ordinal),
            _ => _items!.AsSpan().SequenceEqual(other._items),
        };
    }

    public override bool Equals(object? obj) => Equals(obj as FilterValue);

    public override int GetHashCode() => Kind switch
    {
        FilterValueKind.Int64 => ((double)_int).GetHashCode(),
        FilterValueKind.Double => _double.GetHashCode(),
        FilterValueKind.Bool => _int.GetHashCode(),
        FilterValueKind.String => StringComparer.Ordinal.GetHashCode(_string!),
        _ => _items!.Length,
    };

    /// <summary>Orders numbers numerically, strings by code point (UTF-8 byte order, as Milvus), false before true.</summary>
    public int CompareTo(FilterValue? other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (IsNumeric && other.IsNumeric)
        {
            return Kind == FilterValueKind.Int64 && other.Kind == FilterValueKind.Int64 ? _int.CompareTo(other._int) : AsDouble.CompareTo(other.AsDouble);
        }

        if (Kind != other.Kind || Kind == FilterValueKind.Array)
        {
            throw new ArgumentException($"Cannot order a {Kind} value against a {other.Kind} value.", nameof(other));
        }

        return Kind == FilterValueKind.Bool ? _int.CompareTo(other._int) : Utf8.SequenceCompareTo(other.Utf8);
    }

    public override string ToString() => Kind switch
    {
        FilterValueKind.Bool => _int != 0 ? "true" : "false",
        FilterValueKind.Int64 => _int.ToString(CultureInfo.InvariantCulture),
        FilterValueKind.Double => _double.ToString("R", CultureInfo.InvariantCulture),
        FilterValueKind.String => "\"" + _string + "\"",
        _ => "[" + string.Join(", ", _items!.Select(i => i.ToString())) + "]",
    };

    private InvalidOperationException WrongKind(FilterValueKind wanted) => new($"The value {this} is a {Kind}, not a {wanted}.");
}

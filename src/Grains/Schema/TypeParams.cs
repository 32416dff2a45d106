using System.Globalization;
using Google.Protobuf.Collections;
using OrleansVector.Grains.Interfaces.Milvus;
using OrleansVector.Grains.Interfaces.Protocol;
using KeyValuePair = OrleansVector.Grains.Interfaces.Protocol.KeyValuePair;

namespace OrleansVector.Grains.Schema;

/// <summary>Reads a field's type parameters (dim, max_length, max_capacity), which the wire carries as strings.</summary>
public static class TypeParams
{
    public const string Dim = "dim";
    public const string MaxLength = "max_length";
    public const string MaxCapacity = "max_capacity";

    public static string? Find(RepeatedField<KeyValuePair> pairs, string key)
    {
        foreach (var pair in pairs)
        {
            if (pair.Key == key)
            {
                return pair.Value;
            }
        }
        return null;
    }

    /// <summary>The field's integer parameter, which must be present and within [min, max].</summary>
    public static long Require(FieldSchema field, string key, long min, long max)
    {
        var text = Find(field.TypeParams, key)
            ?? throw new MilvusException(MilvusErrorCode.ParameterMissing, $"Field '{field.Name}' ({field.DataType}) needs the type parameter '{key}'.");
        if (!long.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            throw new MilvusException(MilvusErrorCode.ParameterInvalid, $"Field '{field.Name}': type parameter '{key}' = '{text}' is not an integer.");
        }
        if (value < min || value > max)
        {
            throw new MilvusException(MilvusErrorCode.ParameterInvalid,
                $"Field '{field.Name}': type parameter '{key}' = {value} is out of range; valid range is [{min}, {max}].");
        }
        return value;
    }

    /// <summary>The vector field's dimension as recorded after validation (0 for sparse vectors and non-vector fields).</summary>
    public static int Dimension(FieldSchema field) =>
        Find(field.TypeParams, Dim) is { } text && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var dim) ? dim : 0;
}

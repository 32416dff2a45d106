using System.Globalization;
using Google.Protobuf.Collections;
using OrleansVector.Grains.Interfaces.Milvus;
using KeyValuePair = OrleansVector.Grains.Interfaces.Protocol.KeyValuePair;

namespace OrleansVector.Grains.Schema;

/// <summary>
/// Collection properties (Milvus's collection.ttl.seconds, mmap.enabled, ...): values of the keys this engine reads are
/// checked; other keys are kept as given, as Milvus keeps them.
/// </summary>
public static class CollectionProperties
{
    public const string TtlSeconds = "collection.ttl.seconds";
    public const string MmapEnabled = "mmap.enabled";

    public static void Validate(IEnumerable<KeyValuePair> properties)
    {
        foreach (var property in properties)
        {
            if (string.IsNullOrEmpty(property.Key))
            {
                throw new MilvusException(MilvusErrorCode.ParameterInvalid, "A collection property has an empty key.");
            }
            var valid = property.Key switch
            {
                TtlSeconds => long.TryParse(property.Value, NumberStyles.None, CultureInfo.InvariantCulture, out _),
                MmapEnabled => bool.TryParse(property.Value, out _),
                _ => true,
            };
            if (!valid)
            {
                throw new MilvusException(MilvusErrorCode.ParameterInvalid,
                    $"Collection property '{property.Key}' = '{property.Value}' is invalid; it takes {(property.Key == TtlSeconds ? "a non-negative integer" : "true or false")}.");
            }
        }
    }

    /// <summary>Sets each of <paramref name="updates"/> (replacing a property with the same key) and removes <paramref name="deleteKeys"/>.</summary>
    public static void Apply(RepeatedField<KeyValuePair> properties, IEnumerable<KeyValuePair> updates, IEnumerable<string> deleteKeys)
    {
        foreach (var update in updates)
        {
            var index = properties.ToList().FindIndex(p => p.Key == update.Key);
            if (index >= 0)
            {
                properties[index] = update.Clone();
            }
            else
            {
                properties.Add(update.Clone());
            }
        }
        foreach (var key in deleteKeys)
        {
            var index = properties.ToList().FindIndex(p => p.Key == key);
            if (index >= 0)
            {
                properties.RemoveAt(index);
            }
        }
    }
}

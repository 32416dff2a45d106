using OrleansVector.Grains.Interfaces.Milvus;
using OrleansVector.Grains.Rows;

namespace OrleansVector.Grains.Search;

/// <summary>
/// A request's output_fields resolved against the schema, as Milvus's translateOutputFields does: "*" is every stored
/// field (vectors and <c>$meta</c> included), schema names select fields, other names are keys of <c>$meta</c> when the
/// collection has dynamic fields and unknown fields (1700) otherwise.
/// </summary>
internal sealed class OutputFields
{
    public const string CountStar = "count(*)";

    private OutputFields(List<FieldSpec> fields, List<string> dynamicKeys, bool primaryKeyRequested, bool countOnly)
    {
        Fields = fields;
        DynamicKeys = dynamicKeys;
        PrimaryKeyRequested = primaryKeyRequested;
        CountOnly = countOnly;
    }

    /// <summary>Stored fields to fetch, schema order, without the primary key.</summary>
    public List<FieldSpec> Fields { get; }

    /// <summary>Keys of <c>$meta</c> asked for by name; empty when the whole document is wanted (or none).</summary>
    public List<string> DynamicKeys { get; }

    public bool PrimaryKeyRequested { get; }

    /// <summary>The request is <c>count(*)</c>.</summary>
    public bool CountOnly { get; }

    public static OutputFields Resolve(SchemaView schema, IEnumerable<string> names, bool allowCount)
    {
        if (names is IReadOnlyCollection<string> { Count: 0 })
        {
            return new OutputFields([], [], false, false);
        }
        var requested = names.Select(n => n.Trim()).Where(n => n.Length > 0).ToList();
        if (requested.Contains(CountStar))
        {
            return allowCount && requested.Count == 1
                ? new OutputFields([], [], false, true)
                : throw new MilvusException(MilvusErrorCode.ParameterInvalid, allowCount
                    ? $"{CountStar} cannot be combined with other output fields."
                    : $"{CountStar} is only valid in a query.");
        }
        var selected = new HashSet<string>(StringComparer.Ordinal);
        var dynamicKeys = new List<string>();
        var wholeDynamic = false;
        var primaryKey = false;
        foreach (var name in requested)
        {
            if (name == "*")
            {
                selected.UnionWith(schema.Fields.Where(f => !f.IsFunctionOutput).Select(f => f.Name));
                wholeDynamic = true;
                primaryKey = true;
            }
            else if (schema.TryGetField(name, out var field))
            {
                selected.Add(field.Name);
                wholeDynamic |= field.IsDynamic;
                primaryKey |= field.IsPrimaryKey;
            }
            else if (schema.Dynamic is { } dynamic)
            {
                selected.Add(dynamic.Name);
                dynamicKeys.Add(name);
            }
            else
            {
                throw new MilvusException(MilvusErrorCode.FieldNotFound, $"Output field '{name}' does not exist in collection '{schema.Collection.Name}'.");
            }
        }
        List<FieldSpec> fields = [.. schema.Fields.Where(f => selected.Contains(f.Name) && !f.IsPrimaryKey)];
        return new OutputFields(fields, wholeDynamic ? [] : dynamicKeys, primaryKey, false);
    }
}

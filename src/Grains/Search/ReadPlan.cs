using System.Runtime.CompilerServices;
using OrleansVector.Grains.Interfaces.Messages;
using OrleansVector.Grains.Interfaces.Milvus;
using OrleansVector.Grains.Interfaces.Protocol;
using OrleansVector.Grains.Rows;
using OrleansVector.Query;
using CollectionSchema = OrleansVector.Query.Schema.CollectionSchema;

namespace OrleansVector.Grains.Search;

/// <summary>
/// What a shard read needs, compiled once per request: the filter plan, the partitions in scope and the output columns.
/// </summary>
internal class ReadPlan
{
    public ReadPlan(SchemaView schema, ShardReadScope scope)
    {
        Schema = schema;
        Partitions = scope.PartitionIds.Count == 0 ? null : [.. scope.PartitionIds];
        Filter = string.IsNullOrWhiteSpace(scope.Filter) ? null : CompileFilter(schema, scope.Filter, scope.FilterTemplateValues);
        Outputs = OutputsOf(schema, scope.OutputFields);
    }

    public SchemaView Schema { get; }

    /// <summary>Partition ids in scope; null = all.</summary>
    public HashSet<long>? Partitions { get; }

    public FilterPlan? Filter { get; }

    public IReadOnlyList<FieldSpec> Outputs { get; }

    private static FieldSpec[] OutputsOf(SchemaView schema, IReadOnlyList<string> names)
    {
        if (names.Count == 0)
        {
            return [];
        }
        var fields = new FieldSpec[names.Count];
        for (var i = 0; i < fields.Length; i++)
        {
            fields[i] = schema.TryGetField(names[i], out var field) && !field.IsFunctionOutput
                ? field
                : throw new MilvusException(MilvusErrorCode.FieldNotFound, $"Output field '{names[i]}' is not a stored field of collection '{schema.Collection.Name}'.");
        }
        return fields;
    }

    public bool Includes(long partitionId) => Partitions is null || Partitions.Contains(partitionId);

    /// <summary>
    /// Compiles a filter, reporting a bad expression as Milvus does (ParameterInvalid naming the problem). A search
    /// compiles its filter in the collection, the shard and every segment, so plans without template values are kept per
    /// schema (a schema change makes a new one) and expression text; a plan is immutable, so readers share it.
    /// </summary>
    public static FilterPlan CompileFilter(SchemaView schema, string expression, IDictionary<string, TemplateValue> templates)
    {
        if (templates.Count > 0)
        {
            return Compile(schema, expression, templates);
        }
        return CompiledPlans.GetValue(schema.FilterSchema, static _ => new BoundedCache<string, FilterPlan>(PlansPerSchema, StringComparer.Ordinal))
            .GetOrAdd(expression, schema, static (text, schema) => Compile(schema, text, EmptyTemplates));
    }

    private const int PlansPerSchema = 256;

    private static readonly ConditionalWeakTable<CollectionSchema, BoundedCache<string, FilterPlan>> CompiledPlans = [];

    private static readonly Dictionary<string, TemplateValue> EmptyTemplates = [];

    private static FilterPlan Compile(SchemaView schema, string expression, IDictionary<string, TemplateValue> templates)
    {
        try
        {
            return FilterPlan.Compile(expression, schema.FilterSchema, TemplateValues.Convert(templates));
        }
        catch (ExpressionException e)
        {
            throw new MilvusException(MilvusErrorCode.ParameterInvalid, $"Cannot parse expression '{expression}': {e.Message}");
        }
    }
}

using OrleansVector.Grains.Interfaces.Messages;
using OrleansVector.Grains.Interfaces.Milvus;
using OrleansVector.Grains.Interfaces.Protocol;
using OrleansVector.Grains.Rows;
using OrleansVector.Query;

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
        Outputs = [.. scope.OutputFields.Select(name => schema.TryGetField(name, out var field) && !field.IsFunctionOutput
            ? field
            : throw new MilvusException(MilvusErrorCode.FieldNotFound, $"Output field '{name}' is not a stored field of collection '{schema.Collection.Name}'."))];
    }

    public SchemaView Schema { get; }

    /// <summary>Partition ids in scope; null = all.</summary>
    public HashSet<long>? Partitions { get; }

    public FilterPlan? Filter { get; }

    public IReadOnlyList<FieldSpec> Outputs { get; }

    public bool Includes(long partitionId) => Partitions is null || Partitions.Contains(partitionId);

    /// <summary>Compiles a filter, reporting a bad expression as Milvus does (ParameterInvalid naming the problem).</summary>
    public static FilterPlan CompileFilter(SchemaView schema, string expression, IDictionary<string, TemplateValue> templates)
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

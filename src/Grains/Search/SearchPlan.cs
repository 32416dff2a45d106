using OrleansVector.Grains.Interfaces.Messages;
using OrleansVector.Grains.Interfaces.Milvus;
using OrleansVector.Grains.Rows;
using OrleansVector.Index;
using OrleansVector.Kernels;

namespace OrleansVector.Grains.Search;

/// <summary>A shard's vector search, compiled: the field, metric, query vectors, k and index parameters on top of the read scope.</summary>
internal sealed class SearchPlan : ReadPlan
{
    public SearchPlan(SchemaView schema, ShardSearchRequest request) : base(schema, request.Scope)
    {
        if (!schema.TryGetField(request.AnnsField, out var field) || !field.IsVector)
        {
            throw new MilvusException(MilvusErrorCode.FieldNotFound, $"'{request.AnnsField}' is not a vector field of collection '{schema.Collection.Name}'.");
        }
        Field = field;
        try
        {
            Metric = Metrics.Parse(request.MetricType);
            Parameters = SearchParameters.FromMilvus(request.SearchParams);
            Queries = VectorBlock.FromPlaceholder(field, request.Queries);
        }
        catch (ArgumentException e)
        {
            throw new MilvusException(MilvusErrorCode.ParameterInvalid, e.Message);
        }
        TopK = request.TopK;
    }

    public FieldSpec Field { get; }

    public MetricType Metric { get; }

    public SearchParameters Parameters { get; }

    public VectorBlock Queries { get; }

    public int TopK { get; }

    public bool LargerIsCloser => Metrics.LargerIsCloser(Metric);
}

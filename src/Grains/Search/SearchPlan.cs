using OrleansVector.Grains.Interfaces.Messages;
using OrleansVector.Grains.Interfaces.Milvus;
using OrleansVector.Grains.Rows;
using OrleansVector.Index;
using OrleansVector.Kernels;

namespace OrleansVector.Grains.Search;

/// <summary>
/// A vector search, compiled: the field, metric, query vectors, k and index parameters on top of the read scope. The
/// index parameters and query vectors are converted when first read: a shard that only forwards the request to its
/// segments' grains leaves that to them.
/// </summary>
internal sealed class SearchPlan : ReadPlan
{
    private readonly ShardSearchRequest _request;
    private SearchParameters? _parameters;
    private VectorBlock? _queries;

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
        }
        catch (ArgumentException e)
        {
            throw Invalid(e);
        }
        TopK = request.TopK;
        _request = request;
    }

    public FieldSpec Field { get; }

    public MetricType Metric { get; }

    public SearchParameters Parameters => _parameters ??= ConvertParameters();

    public VectorBlock Queries => _queries ??= ConvertQueries();

    public int QueryCount => _request.Queries.Values.Count;

    public int TopK { get; }

    public bool LargerIsCloser => Metrics.LargerIsCloser(Metric);

    /// <summary>Converts the index parameters and the query vectors now, throwing what a bad one makes a search answer.</summary>
    public void Validate()
    {
        _ = Parameters;
        _ = Queries;
    }

    private SearchParameters ConvertParameters()
    {
        try
        {
            return SearchParameters.FromMilvus(_request.SearchParams);
        }
        catch (ArgumentException e)
        {
            throw Invalid(e);
        }
    }

    private VectorBlock ConvertQueries()
    {
        try
        {
            return VectorBlock.FromPlaceholder(Field, _request.Queries);
        }
        catch (ArgumentException e)
        {
            throw Invalid(e);
        }
    }

    private static MilvusException Invalid(ArgumentException e) => new(MilvusErrorCode.ParameterInvalid, e.Message);
}

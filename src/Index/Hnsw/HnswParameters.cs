namespace OrleansVector.Index.Hnsw;

/// <summary>HNSW build parameters with Milvus's names, ranges and defaults (knowhere: M 30, efConstruction 360).</summary>
internal sealed record HnswParameters(int M, int EfConstruction)
{
    public const int MinM = 2;
    public const int MaxM = 2048;
    public const int DefaultM = 30;
    public const int DefaultEfConstruction = 360;

    private static readonly string[] Known = ["M", "efConstruction"];

    public static HnswParameters FromMilvus(IReadOnlyDictionary<string, string> parameters)
    {
        MilvusParameters.RejectUnknown(parameters, IndexTypes.Hnsw, Known, MilvusParameters.BuildFramingKeys);
        return new HnswParameters(
            MilvusParameters.GetInt(parameters, "M", DefaultM, MinM, MaxM),
            MilvusParameters.GetInt(parameters, "efConstruction", DefaultEfConstruction, 1, int.MaxValue));
    }
}

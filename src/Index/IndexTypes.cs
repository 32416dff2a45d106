namespace OrleansVector.Index;

/// <summary>The Milvus index type names this engine builds (the "index_type" parameter).</summary>
public static class IndexTypes
{
    public const string Flat = "FLAT";
    public const string Hnsw = "HNSW";
    public const string IvfFlat = "IVF_FLAT";
    public const string IvfSq8 = "IVF_SQ8";
    public const string IvfPq = "IVF_PQ";
    public const string BinFlat = "BIN_FLAT";
    public const string BinIvfFlat = "BIN_IVF_FLAT";

    public static IReadOnlyList<string> All { get; } = [Flat, Hnsw, IvfFlat, IvfSq8, IvfPq, BinFlat, BinIvfFlat];

    public static bool IsBinary(string indexType) => indexType is BinFlat or BinIvfFlat;
}

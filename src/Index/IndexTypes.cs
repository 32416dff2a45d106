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
    public const string SparseInvertedIndex = "SPARSE_INVERTED_INDEX";

    /// <summary>Milvus 2.4's name for the sparse inverted index searched with WAND (inverted_index_algo=DAAT_WAND since 2.5).</summary>
    public const string SparseWand = "SPARSE_WAND";

    public static IReadOnlyList<string> All { get; } = [Flat, Hnsw, IvfFlat, IvfSq8, IvfPq, BinFlat, BinIvfFlat, SparseInvertedIndex, SparseWand];

    public static bool IsBinary(string indexType) => indexType is BinFlat or BinIvfFlat;

    public static bool IsSparse(string indexType) => indexType is SparseInvertedIndex or SparseWand;
}

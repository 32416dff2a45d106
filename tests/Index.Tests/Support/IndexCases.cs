namespace OrleansVector.Index.Tests.Support;

/// <summary>Every index type with the parameters the tests use, built on a data set.</summary>
internal static class IndexCases
{
    public static readonly TheoryData<string> FloatTypes = ["FLAT", "HNSW", "IVF_FLAT", "IVF_SQ8", "IVF_PQ"];

    public static readonly TheoryData<string> BinaryTypes = ["BIN_FLAT", "BIN_IVF_FLAT"];

    public static IReadOnlyDictionary<string, string> BuildParameters(string indexType) => indexType switch
    {
        "HNSW" => TestSets.Parameters("M=16", "efConstruction=200"),
        "IVF_FLAT" or "IVF_SQ8" or "BIN_IVF_FLAT" => TestSets.Parameters("nlist=100"),
        "IVF_PQ" => TestSets.Parameters("nlist=100", "m=16", "nbits=8"),
        _ => TestSets.Parameters(),
    };

    public static SearchParameters SearchParameters { get; } = new() { Ef = 64, Nprobe = 16 };

    /// <summary>The index built on the SIFT base (float types) or the binary set (binary types).</summary>
    public static IVectorIndex BuildOnTestData(string indexType, string metric)
    {
        if (IndexTypes.IsBinary(indexType))
        {
            var index = VectorIndexFactory.Create(indexType, metric, TestSets.BinaryDim, BuildParameters(indexType));
            index.Build(TestSets.Binary.Base);
            return index;
        }

        var (data, _) = TestSets.Sift;
        var floatIndex = VectorIndexFactory.Create(indexType, metric, data.Dim, BuildParameters(indexType));
        floatIndex.Build(data.Data);
        return floatIndex;
    }

    public static SearchResult SearchTestQueries(IVectorIndex index, int k, Bitset? excluded = null) =>
        index.IsBinary
            ? index.Search(TestSets.Binary.Queries, k, SearchParameters, excluded)
            : index.Search(TestSets.Sift.Queries.Data, k, SearchParameters, excluded);
}

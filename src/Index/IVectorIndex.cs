using OrleansVector.Kernels;

namespace OrleansVector.Index;

/// <summary>
/// A vector index of one segment's vector column. Every index type implements it; create one with
/// <see cref="VectorIndexFactory"/>. Ids are the row offsets of the vectors (non-negative; a filter bitset is indexed by
/// them). Searches may run concurrently with each other and with <see cref="Add"/>; Build and Add calls are serialized
/// by the index.
/// </summary>
public interface IVectorIndex
{
    /// <summary>Milvus index type name, e.g. "HNSW" (see <see cref="IndexTypes"/>).</summary>
    string IndexType { get; }

    MetricType Metric { get; }

    /// <summary>Floats per vector, or bits per vector for binary indexes (Milvus's "dim").</summary>
    int Dimension { get; }

    bool IsBinary { get; }

    /// <summary>True for IVF types: <see cref="Build"/> trains them and must come before <see cref="Add"/>.</summary>
    bool RequiresTraining { get; }

    /// <summary>Vectors held.</summary>
    int Count { get; }

    /// <summary>Bytes of memory the index holds (vectors, codes, graph, centroids), for load planning.</summary>
    long MemoryBytes { get; }

    /// <summary>
    /// Trains (IVF types) and adds the vectors; once per index. <paramref name="ids"/> default to the row offsets
    /// 0..n-1; otherwise one non-negative id per vector.
    /// </summary>
    void Build(VectorData vectors, ReadOnlySpan<long> ids = default);

    /// <summary>Adds vectors to a built (or, for types that need no training, empty) index. Ids default to Count, Count+1, ...</summary>
    void Add(VectorData vectors, ReadOnlySpan<long> ids = default);

    /// <summary>
    /// The k nearest vectors of each query (queries row-major), skipping ids whose bit is set in <paramref name="excluded"/>
    /// (ids at or past its Length count as excluded: rows that did not exist when the filter was evaluated).
    /// </summary>
    SearchResult Search(VectorData queries, int k, SearchParameters? parameters = null, Bitset? excluded = null);

    /// <summary>
    /// Every vector within <see cref="SearchParameters.Radius"/> (and <see cref="SearchParameters.RangeFilter"/>) of each
    /// query, best first, at most <paramref name="limit"/> per query (-1 = all). Milvus semantics: L2/HAMMING/JACCARD
    /// keep range_filter &lt;= d &lt; radius; IP/COSINE keep radius &lt; s &lt;= range_filter.
    /// </summary>
    RangeSearchResult RangeSearch(VectorData queries, SearchParameters parameters, int limit = -1, Bitset? excluded = null);

    /// <summary>Writes the index in the checksummed index file format; read it back with <see cref="VectorIndexFactory.Load"/>.</summary>
    void Save(Stream stream);
}

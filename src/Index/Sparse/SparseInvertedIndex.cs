using System.Buffers;
using System.Globalization;
using OrleansVector.Index.Serialization;
using OrleansVector.Kernels;

namespace OrleansVector.Index.Sparse;

/// <summary>
/// SPARSE_INVERTED_INDEX (and its 2.4 alias SPARSE_WAND): one posting list per dimension, metric IP. Search is exact
/// over the indexed values, term at a time: each query dimension adds query value × posting value into a dense score
/// accumulator (pooled, one per query), then one pass keeps the best k. As knowhere's DAAT searches, which admit a row
/// only above a threshold that starts at 0, top-k returns rows scoring above 0: a row sharing no dimension with the
/// query (an empty row, say) is never returned; range search returns rows with a non-zero score inside the window.
/// drop_ratio_build drops the smallest-magnitude values of each vector as it is added (growing segments use 0 and stay
/// exact); drop_ratio_search does the same to each query. Add needs no training, so one index serves growing segments;
/// searches may run while Add publishes rows (readers see whole rows only: postings of rows past the published count
/// are skipped).
/// </summary>
internal sealed class SparseInvertedIndex : IVectorIndex
{
    private readonly Lock writeLock = new();
    private readonly SparseIndexParameters parameters;
    private Dictionary<uint, PostingList> dimensions = [];
    private long[] ids = new long[16];
    private int count;

    public SparseInvertedIndex(string indexType, SparseIndexParameters parameters)
    {
        IndexType = indexType;
        this.parameters = parameters;
    }

    public string IndexType { get; }

    public MetricType Metric => MetricType.IP;

    /// <summary>Sparse vectors have no fixed dimension.</summary>
    public int Dimension => 0;

    public bool IsBinary => false;

    public bool RequiresTraining => false;

    public int Count => Volatile.Read(ref count);

    public InvertedIndexAlgorithm Algorithm => parameters.Algorithm;

    public float DropRatioBuild => parameters.DropRatioBuild;

    public long MemoryBytes
    {
        get
        {
            var lists = Volatile.Read(ref dimensions);
            long bytes = (long)Volatile.Read(ref ids).Length * sizeof(long);
            foreach (var list in lists.Values)
            {
                // The list object and its dictionary entry, beside the postings.
                bytes += list.MemoryBytes + 48;
            }

            return bytes;
        }
    }

    public void Build(VectorData vectors, ReadOnlySpan<long> ids = default)
    {
        lock (writeLock)
        {
            if (count > 0)
            {
                throw new InvalidOperationException($"The {IndexType} index is already built; use Add to add vectors.");
            }

            AddRows(vectors, ids);
        }
    }

    public void Add(VectorData vectors, ReadOnlySpan<long> ids = default)
    {
        lock (writeLock)
        {
            AddRows(vectors, ids);
        }
    }

    public SearchResult Search(VectorData queries, int k, SearchParameters? parameters = null, Bitset? excluded = null)
    {
        if (k < 1 || k > VectorIndex<float>.MaxTopK)
        {
            throw IndexParameterException.OutOfRange("topk", k, 1, VectorIndex<float>.MaxTopK);
        }

        parameters ??= SearchParameters.Default;
        var rows = Rows(queries, nameof(queries));
        var nq = rows.Count;
        var resultIds = new long[nq * k];
        var distances = new float[nq * k];
        ScoreEach(rows, parameters, (view, q, scores) =>
        {
            var found = view.TopK(scores, k, excluded, resultIds.AsSpan(q * k, k), distances.AsSpan(q * k, k));
            resultIds.AsSpan(q * k + found, k - found).Fill(-1);
        });
        return SearchResults.ToMilvus(Metric, nq, k, resultIds, distances);
    }

    public RangeSearchResult RangeSearch(VectorData queries, SearchParameters parameters, int limit = -1, Bitset? excluded = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var bounds = RangeBounds.From(Metric, parameters);
        var rows = Rows(queries, nameof(queries));
        var perQuery = new List<Neighbor>[rows.Count];
        ScoreEach(rows, parameters, (view, q, scores) => perQuery[q] = view.Within(scores, bounds, excluded));
        return SearchResults.ToMilvus(Metric, perQuery, limit);
    }

    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        IndexFile.Write(stream, this, SaveCore);
    }

    internal static SparseInvertedIndex Load(BinaryReader reader, string indexType)
    {
        var dropRatio = reader.ReadSingle();
        var parameters = new SparseIndexParameters(
            SparseIndexParameters.CheckRatio(SparseIndexParameters.DropRatioBuildKey, dropRatio, dropRatio.ToString(CultureInfo.InvariantCulture)),
            SparseIndexParameters.ParseAlgorithm(reader.ReadString()));
        var ids = reader.ReadArray<long>();
        var dimensions = reader.ReadArray<uint>();
        var offsets = reader.ReadArray<int>();
        var ordinals = reader.ReadArray<int>();
        var values = reader.ReadArray<float>();
        if (offsets.Length != dimensions.Length + 1 || offsets[0] != 0 || offsets[^1] != ordinals.Length || ordinals.Length != values.Length)
        {
            throw new InvalidDataException($"A sparse index holds {offsets.Length} list offsets for {dimensions.Length} dimensions and {ordinals.Length} postings with {values.Length} values.");
        }

        var index = new SparseInvertedIndex(indexType, parameters) { ids = ids.Length == 0 ? new long[16] : ids, count = ids.Length };
        for (var d = 0; d < dimensions.Length; d++)
        {
            var postings = new Posting[offsets[d + 1] - offsets[d]];
            for (var i = 0; i < postings.Length; i++)
            {
                var at = offsets[d] + i;
                if ((uint)ordinals[at] >= (uint)ids.Length || (i > 0 && ordinals[at] <= ordinals[at - 1]) || !float.IsFinite(values[at]))
                {
                    throw new InvalidDataException($"The posting list of dimension {dimensions[d]} holds an invalid posting at {i}.");
                }

                postings[i] = new Posting(ordinals[at], values[at]);
            }

            if (!index.dimensions.TryAdd(dimensions[d], PostingList.FromPostings(postings)))
            {
                throw new InvalidDataException($"Dimension {dimensions[d]} has two posting lists.");
            }
        }

        return index;
    }

    private void SaveCore(BinaryWriter writer)
    {
        var view = View();
        writer.Write(parameters.DropRatioBuild);
        writer.Write(SparseIndexParameters.NameOf(parameters.Algorithm));
        writer.WriteArray<long>(view.Ids.AsSpan(0, view.Count));
        var dimensionIds = view.Dimensions.Keys.ToArray();
        Array.Sort(dimensionIds);
        var offsets = new int[dimensionIds.Length + 1];
        var total = 0;
        for (var d = 0; d < dimensionIds.Length; d++)
        {
            total += view.Postings(dimensionIds[d]).Length;
            offsets[d + 1] = total;
        }

        var ordinals = new int[total];
        var values = new float[total];
        for (var d = 0; d < dimensionIds.Length; d++)
        {
            var postings = view.Postings(dimensionIds[d]);
            for (var i = 0; i < postings.Length; i++)
            {
                ordinals[offsets[d] + i] = postings[i].Ordinal;
                values[offsets[d] + i] = postings[i].Value;
            }
        }

        writer.WriteArray<uint>(dimensionIds);
        writer.WriteArray<int>(offsets);
        writer.WriteArray<int>(ordinals);
        writer.WriteArray<float>(values);
    }

    /// <summary>
    /// Scores every query against one snapshot (in parallel when the parameters ask) and hands each query's pooled scores
    /// to <paramref name="use"/> before returning them to the pool.
    /// </summary>
    private void ScoreEach(SparseRows queries, SearchParameters parameters, Action<SparseIndexView, int, float[]> use)
    {
        var view = View();
        var copy = SparseMatrix.CopyOf(queries);
        VectorIndex<float>.ForEachQuery(copy.Count, parameters.MaxDegreeOfParallelism, q =>
        {
            var scores = view.Score(copy.Rows.IndicesOf(q), copy.Rows.ValuesOf(q), parameters.DropRatioSearch);
            try
            {
                use(view, q, scores);
            }
            finally
            {
                ArrayPool<float>.Shared.Return(scores);
            }
        });
    }

    /// <summary>What a reader sees: the published rows and the lists as of then.</summary>
    private SparseIndexView View()
    {
        var published = Volatile.Read(ref count);
        return new SparseIndexView(Volatile.Read(ref dimensions), Volatile.Read(ref ids), published);
    }

    private static SparseRows Rows(VectorData data, string name)
    {
        if (!data.IsSparse)
        {
            throw new ArgumentException($"Sparse indexes take sparse vectors, got {(data.IsBinary ? "binary" : "float")} vectors.", name);
        }

        data.Sparse.Validate(name);
        return data.Sparse;
    }

    /// <summary>Adds rows as ordinals Count.., then publishes them; the caller holds the write lock.</summary>
    private void AddRows(VectorData vectors, ReadOnlySpan<long> rowIds)
    {
        var rows = Rows(vectors, nameof(vectors));
        var start = count;
        if (!rowIds.IsEmpty && rowIds.Length != rows.Count)
        {
            throw new ArgumentException($"ids holds {rowIds.Length} entries for {rows.Count} vectors; give one id per vector.", nameof(ids));
        }

        if ((long)start + rows.Count > Array.MaxLength)
        {
            throw new InvalidOperationException($"The {IndexType} index cannot hold more than {Array.MaxLength} rows.");
        }

        var idArray = ids;
        if (start + rows.Count > idArray.Length)
        {
            Array.Resize(ref idArray, Math.Max(start + rows.Count, idArray.Length * 2));
        }

        for (var r = 0; r < rows.Count; r++)
        {
            var id = rowIds.IsEmpty ? start + r : rowIds[r];
            idArray[start + r] = id >= 0 ? id : throw new ArgumentOutOfRangeException(nameof(ids), id, "Ids are row offsets and must not be negative.");
        }

        var lists = dimensions;
        var shared = true;
        for (var r = 0; r < rows.Count; r++)
        {
            var indices = rows.IndicesOf(r);
            var values = rows.ValuesOf(r);
            var threshold = MagnitudeCut.Threshold(values, parameters.DropRatioBuild);
            for (var i = 0; i < indices.Length; i++)
            {
                if (values[i] == 0f || Math.Abs(values[i]) < threshold)
                {
                    continue;
                }

                if (!lists.TryGetValue(indices[i], out var list))
                {
                    if (shared)
                    {
                        // Readers may be enumerating the published map: new dimensions go into a copy.
                        lists = new Dictionary<uint, PostingList>(lists);
                        shared = false;
                    }

                    list = new PostingList();
                    lists.Add(indices[i], list);
                }

                list.Append(start + r, values[i]);
            }
        }

        Volatile.Write(ref ids, idArray);
        Volatile.Write(ref dimensions, lists);
        Volatile.Write(ref count, start + rows.Count);
    }
}

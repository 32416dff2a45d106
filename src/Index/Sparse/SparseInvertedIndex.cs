using System.Collections.Concurrent;
using System.Globalization;
using OrleansVector.Index.Serialization;
using OrleansVector.Kernels;

namespace OrleansVector.Index.Sparse;

/// <summary>
/// SPARSE_INVERTED_INDEX (and its 2.4 alias SPARSE_WAND): one posting list per dimension, metric IP, exact search over
/// the indexed values. inverted_index_algo TAAT_NAIVE scores term at a time on a per-thread <see cref="ScoreBoard"/> and
/// keeps the best k in one pass over the rows touched; DAAT_MAXSCORE (the default) and DAAT_WAND run the MaxScore search
/// (<see cref="MaxScoreSearch"/>), which skips rows that cannot reach the top k. Range search always scores term at a
/// time. As knowhere's DAAT searches, which admit a row only above a threshold that starts at 0, top-k
/// returns rows scoring above 0: a row sharing no dimension with the query (an empty row, say) is never returned; range
/// search returns rows with a non-zero score inside the window. drop_ratio_build drops the smallest-magnitude values of
/// each vector as it is added (growing segments use 0 and stay exact); drop_ratio_search does the same to each query.
/// Add needs no training, so one index serves growing segments; searches may run while Add publishes rows (readers see
/// whole rows only: postings of rows past the published count are skipped).
/// </summary>
internal sealed class SparseInvertedIndex : IVectorIndex
{
    private readonly Lock writeLock = new();
    private readonly SparseIndexParameters parameters;
    private readonly ConcurrentDictionary<uint, PostingList> dimensions = new();
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

    public long MemoryBytes
    {
        get
        {
            long bytes = (long)Volatile.Read(ref ids).Length * sizeof(long);
            foreach (var list in dimensions.Values)
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
        var view = View();
        var copy = SparseMatrix.CopyOf(rows);
        VectorIndex<float>.ForEachQuery(nq, parameters.MaxDegreeOfParallelism, q =>
        {
            var found = Algorithm == InvertedIndexAlgorithm.TaatNaive
                ? Scored(view, copy, q, parameters, board => view.TopK(board, k, excluded, resultIds.AsSpan(q * k, k), distances.AsSpan(q * k, k)))
                : MaxScoreSearch.TopK(view, copy.Rows.IndicesOf(q), copy.Rows.ValuesOf(q), parameters.DropRatioSearch, k, excluded, resultIds.AsSpan(q * k, k), distances.AsSpan(q * k, k));
            resultIds.AsSpan(q * k + found, k - found).Fill(-1);
        });
        return SearchResults.ToMilvus(Metric, nq, k, resultIds, distances);
    }

    public RangeSearchResult RangeSearch(VectorData queries, SearchParameters parameters, int limit = -1, Bitset? excluded = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var bounds = RangeBounds.From(Metric, parameters);
        var rows = Rows(queries, nameof(queries));
        var view = View();
        var copy = SparseMatrix.CopyOf(rows);
        var perQuery = new List<Neighbor>[rows.Count];
        VectorIndex<float>.ForEachQuery(rows.Count, parameters.MaxDegreeOfParallelism, q =>
            perQuery[q] = Scored(view, copy, q, parameters, board => view.Within(board, bounds, excluded)));
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
        var dimensionIds = reader.ReadArray<uint>();
        var offsets = reader.ReadArray<int>();
        var ordinals = reader.ReadArray<int>();
        var values = reader.ReadArray<float>();
        if (offsets.Length != dimensionIds.Length + 1 || offsets[0] != 0 || offsets[^1] != ordinals.Length || ordinals.Length != values.Length)
        {
            throw new InvalidDataException($"A sparse index holds {offsets.Length} list offsets for {dimensionIds.Length} dimensions and {ordinals.Length} postings with {values.Length} values.");
        }

        var index = new SparseInvertedIndex(indexType, parameters) { ids = ids.Length == 0 ? new long[16] : ids, count = ids.Length };
        for (var d = 0; d < dimensionIds.Length; d++)
        {
            var postings = new Posting[offsets[d + 1] - offsets[d]];
            for (var i = 0; i < postings.Length; i++)
            {
                var at = offsets[d] + i;
                if ((uint)ordinals[at] >= (uint)ids.Length || (i > 0 && ordinals[at] <= ordinals[at - 1]) || !float.IsFinite(values[at]))
                {
                    throw new InvalidDataException($"The posting list of dimension {dimensionIds[d]} holds an invalid posting at {i}.");
                }

                postings[i] = new Posting(ordinals[at], values[at]);
            }

            if (!index.dimensions.TryAdd(dimensionIds[d], PostingList.FromPostings(postings)))
            {
                throw new InvalidDataException($"Dimension {dimensionIds[d]} has two posting lists.");
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
        var dimensionIds = view.Dimensions.Keys.Where(d => view.Postings(d).Length > 0).ToArray();
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

    /// <summary>Scores query <paramref name="q"/> term at a time and hands the board to <paramref name="use"/>, leaving it clean.</summary>
    private static TResult Scored<TResult>(SparseIndexView view, SparseMatrix queries, int q, SearchParameters parameters, Func<ScoreBoard, TResult> use)
    {
        var board = view.Score(queries.Rows.IndicesOf(q), queries.Rows.ValuesOf(q), parameters.DropRatioSearch);
        try
        {
            return use(board);
        }
        finally
        {
            board.Clear();
        }
    }

    /// <summary>What a reader sees: the published rows and the lists as of then.</summary>
    private SparseIndexView View()
    {
        var published = Volatile.Read(ref count);
        return new SparseIndexView(dimensions, Volatile.Read(ref ids), published);
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

        for (var r = 0; r < rows.Count; r++)
        {
            var indices = rows.IndicesOf(r);
            var values = rows.ValuesOf(r);
            var threshold = MagnitudeCut.Threshold(values, parameters.DropRatioBuild);
            for (var i = 0; i < indices.Length; i++)
            {
                if (values[i] != 0f && Math.Abs(values[i]) >= threshold)
                {
                    dimensions.GetOrAdd(indices[i], static _ => new PostingList()).Append(start + r, values[i]);
                }
            }
        }

        Volatile.Write(ref ids, idArray);
        Volatile.Write(ref count, start + rows.Count);
    }
}

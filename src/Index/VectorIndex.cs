using System.Buffers;
using System.Runtime.InteropServices;
using OrleansVector.Index.Serialization;
using OrleansVector.Kernels;

namespace OrleansVector.Index;

/// <summary>
/// What every index type shares: input validation, ids, query preparation, result layout in Milvus's convention,
/// parallelism across queries and the file header. <typeparamref name="T"/> is float (float indexes) or byte (binary).
/// Subclasses work with internal distances, where smaller is always closer.
/// </summary>
internal abstract class VectorIndex<T> : IVectorIndex, IBuildParallelism
    where T : unmanaged
{
    private readonly Lock writeLock = new();

    protected VectorIndex(string indexType, MetricType metric, int dimension, int stride)
    {
        IndexType = indexType;
        Metric = metric;
        Dimension = dimension;
        Stride = stride;
    }

    public string IndexType { get; }

    public MetricType Metric { get; }

    public int Dimension { get; }

    public bool IsBinary => typeof(T) == typeof(byte);

    public abstract bool RequiresTraining { get; }

    public abstract int Count { get; }

    public abstract long MemoryBytes { get; }

    /// <summary>Elements of T per vector: Dimension for floats, Dimension / 8 for binary.</summary>
    protected int Stride { get; }

    public int BuildThreads { get; set; } = -1;

    /// <summary>k-means settings for training with <see cref="BuildThreads"/> threads.</summary>
    protected KMeansOptions TrainingOptions => new() { MaxDegreeOfParallelism = BuildThreads };

    /// <summary>True once Build ran (or the index was loaded).</summary>
    protected bool IsBuilt { get; set; }

    public void Build(VectorData vectors, ReadOnlySpan<long> ids = default)
    {
        var data = Elements(vectors, nameof(vectors));
        var rows = data.Length / Stride;
        lock (writeLock)
        {
            if (IsBuilt || Count > 0)
            {
                throw new InvalidOperationException($"The {IndexType} index is already built; use Add to add vectors.");
            }

            var resolvedIds = ResolveIds(ids, rows, 0, out var rentedIds);
            var prepared = PrepareVectors(data, out var rented);
            try
            {
                BuildCore(prepared, resolvedIds);
                IsBuilt = true;
            }
            finally
            {
                Return(rented);
                Return(rentedIds);
            }
        }
    }

    public void Add(VectorData vectors, ReadOnlySpan<long> ids = default)
    {
        var data = Elements(vectors, nameof(vectors));
        var rows = data.Length / Stride;
        lock (writeLock)
        {
            if (RequiresTraining && !IsBuilt)
            {
                throw new InvalidOperationException($"The {IndexType} index must be built (trained) before vectors are added.");
            }

            var resolvedIds = ResolveIds(ids, rows, Count, out var rentedIds);
            var prepared = PrepareVectors(data, out var rented);
            try
            {
                AddCore(prepared, resolvedIds);
            }
            finally
            {
                Return(rented);
                Return(rentedIds);
            }
        }
    }

    public SearchResult Search(VectorData queries, int k, SearchParameters? parameters = null, Bitset? excluded = null)
    {
        if (k < 1 || k > MaxTopK)
        {
            throw IndexParameterException.OutOfRange("topk", k, 1, MaxTopK);
        }

        parameters ??= SearchParameters.Default;
        var data = Elements(queries, nameof(queries));
        var nq = data.Length / Stride;
        var ids = new long[nq * k];
        var distances = new float[nq * k];
        var prepared = PrepareQueries(data);
        try
        {
            SearchMany(prepared, nq, k, parameters, excluded, ids, distances);
        }
        finally
        {
            ArrayPool<T>.Shared.Return(prepared);
        }

        return SearchResults.ToMilvus(Metric, nq, k, ids, distances);
    }

    public RangeSearchResult RangeSearch(VectorData queries, SearchParameters parameters, int limit = -1, Bitset? excluded = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var bounds = RangeBounds.From(Metric, parameters);
        var data = Elements(queries, nameof(queries));
        var nq = data.Length / Stride;
        var perQuery = new List<Neighbor>[nq];
        var prepared = PrepareQueries(data);
        try
        {
            ForEachQuery(nq, parameters.MaxDegreeOfParallelism, q =>
            {
                var found = new List<Neighbor>();
                RangeSearchOne(prepared.AsSpan(q * Stride, Stride), bounds, parameters, excluded, found);
                perQuery[q] = found;
            });
        }
        finally
        {
            ArrayPool<T>.Shared.Return(prepared);
        }

        return SearchResults.ToMilvus(Metric, perQuery, limit);
    }

    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        IndexFile.Write(stream, this, SaveCore);
    }

    /// <summary>Milvus's top-k limit.</summary>
    internal const int MaxTopK = 16384;

    /// <summary>True when <paramref name="id"/> must not be returned: its bit is set, or it is past the filter's end.</summary>
    internal static bool IsExcluded(Bitset? excluded, long id) =>
        excluded is not null && (id >= excluded.Length || (excluded.Words[id >> 6] & (1UL << (int)(id & 63))) != 0);

    protected abstract void BuildCore(ReadOnlySpan<T> vectors, ReadOnlySpan<long> ids);

    protected abstract void AddCore(ReadOnlySpan<T> vectors, ReadOnlySpan<long> ids);

    /// <summary>Writes the payload after the common header (type, metric, dimension).</summary>
    protected abstract void SaveCore(BinaryWriter writer);

    /// <summary>
    /// Fills the best <paramref name="k"/> of one query into ids/distances (internal distances, best first) and returns
    /// how many it found.
    /// </summary>
    protected abstract int SearchOne(ReadOnlySpan<T> query, int k, SearchParameters parameters, Bitset? excluded, Span<long> ids, Span<float> distances);

    /// <summary>Adds every vector within <paramref name="bounds"/> (internal distances) to <paramref name="found"/>, unordered.</summary>
    protected abstract void RangeSearchOne(ReadOnlySpan<T> query, RangeBounds bounds, SearchParameters parameters, Bitset? excluded, List<Neighbor> found);

    /// <summary>All queries of one call; the default runs <see cref="SearchOne"/> per query, in parallel when asked.</summary>
    protected virtual void SearchMany(T[] queries, int nq, int k, SearchParameters parameters, Bitset? excluded, long[] ids, float[] distances)
    {
        ForEachQuery(nq, parameters.MaxDegreeOfParallelism, q =>
        {
            var found = SearchOne(queries.AsSpan(q * Stride, Stride), k, parameters, excluded, ids.AsSpan(q * k, k), distances.AsSpan(q * k, k));
            ids.AsSpan(q * k + found, k - found).Fill(-1);
        });
    }

    /// <summary>Prepares stored vectors (COSINE normalizes them); returns the input when nothing changes.</summary>
    protected virtual ReadOnlySpan<T> PrepareVectors(ReadOnlySpan<T> vectors, out T[]? rented)
    {
        rented = null;
        return vectors;
    }

    /// <summary>Copies queries into a pooled array (shared by the threads of a parallel search) and prepares them.</summary>
    protected virtual T[] PrepareQueries(ReadOnlySpan<T> queries)
    {
        var copy = ArrayPool<T>.Shared.Rent(Math.Max(queries.Length, 1));
        queries.CopyTo(copy);
        return copy;
    }

    internal static void ForEachQuery(int nq, int maxDegreeOfParallelism, Action<int> body)
    {
        if (maxDegreeOfParallelism == 1 || nq < 2)
        {
            for (var q = 0; q < nq; q++)
            {
                body(q);
            }
        }
        else
        {
            Parallel.For(0, nq, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism }, body);
        }
    }

    /// <summary>Checks that the data is of this index's kind and holds whole vectors.</summary>
    private ReadOnlySpan<T> Elements(VectorData data, string name)
    {
        if (data.IsSparse)
        {
            throw new ArgumentException($"The {IndexType} index takes {(IsBinary ? "binary" : "float")} vectors, got sparse vectors.", name);
        }

        if (data.IsBinary != IsBinary)
        {
            throw new ArgumentException(
                $"The {IndexType} index takes {(IsBinary ? "binary" : "float")} vectors, got {(data.IsBinary ? "binary" : "float")} vectors.", name);
        }

        var elements = IsBinary ? MemoryMarshal.Cast<byte, T>(data.Bytes) : MemoryMarshal.Cast<float, T>(data.Floats);
        if (elements.Length % Stride != 0)
        {
            var unit = IsBinary ? "bytes" : "floats";
            throw new ArgumentException(
                $"Dimension mismatch: {name} holds {elements.Length} {unit}, not a whole number of vectors of dim {Dimension} ({Stride} {unit} each).", name);
        }

        return elements;
    }

    private static ReadOnlySpan<long> ResolveIds(ReadOnlySpan<long> ids, int rows, int start, out long[]? rented)
    {
        rented = null;
        if (ids.IsEmpty)
        {
            rented = ArrayPool<long>.Shared.Rent(Math.Max(rows, 1));
            for (var i = 0; i < rows; i++)
            {
                rented[i] = start + i;
            }

            return rented.AsSpan(0, rows);
        }

        if (ids.Length != rows)
        {
            throw new ArgumentException($"ids holds {ids.Length} entries for {rows} vectors; give one id per vector.", nameof(ids));
        }

        foreach (var id in ids)
        {
            if (id < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(ids), id, "Ids are row offsets and must not be negative.");
            }
        }

        return ids;
    }

    private static void Return<TElement>(TElement[]? rented)
    {
        if (rented is not null)
        {
            ArrayPool<TElement>.Shared.Return(rented);
        }
    }
}

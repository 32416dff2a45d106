using OrleansVector.Index.Binary;
using OrleansVector.Index.Flat;
using OrleansVector.Index.Hnsw;
using OrleansVector.Index.Ivf;
using OrleansVector.Index.Serialization;
using OrleansVector.Index.Sparse;
using OrleansVector.Kernels;

namespace OrleansVector.Index;

/// <summary>Creates indexes from Milvus's index description, and loads saved ones.</summary>
public static class VectorIndexFactory
{
    /// <summary>Milvus's largest vector dimension (proxy.maxDimension).</summary>
    public const int MaxDimension = 32768;

    private static readonly IReadOnlyDictionary<string, string> NoParameters = new Dictionary<string, string>();

    /// <summary>
    /// A new, empty index. <paramref name="parameters"/> are Milvus build parameters as strings (e.g. "M" = "16");
    /// index_type, metric_type and dim may be among them and are ignored there. Unknown or out-of-range parameters raise
    /// <see cref="IndexParameterException"/> naming the parameter and its valid range. <paramref name="buildOptions"/> says how
    /// the index builds (threads; default all cores).
    /// </summary>
    public static IVectorIndex Create(string indexType, string metricType, int dimension, IReadOnlyDictionary<string, string>? parameters = null, IndexBuildOptions? buildOptions = null)
    {
        ArgumentNullException.ThrowIfNull(metricType);
        MetricType metric;
        try
        {
            metric = Metrics.Parse(metricType);
        }
        catch (ArgumentException e)
        {
            if (string.Equals(metricType.Trim(), "BM25", StringComparison.OrdinalIgnoreCase))
            {
                throw new IndexParameterException("metric_type", "IP",
                    "Metric type BM25 scores the output of a BM25 function (full-text search), which this server does not support; sparse indexes take metric IP.");
            }

            throw new IndexParameterException("metric_type", "L2, IP, COSINE, HAMMING, JACCARD", e.Message);
        }

        return Create(indexType, metric, dimension, parameters, buildOptions);
    }

    public static IVectorIndex Create(string indexType, MetricType metric, int dimension, IReadOnlyDictionary<string, string>? parameters = null, IndexBuildOptions? buildOptions = null)
    {
        ArgumentNullException.ThrowIfNull(indexType);
        var type = indexType.Trim().ToUpperInvariant();
        if (!IndexTypes.All.Contains(type))
        {
            throw new IndexParameterException("index_type", string.Join(", ", IndexTypes.All),
                $"Index type '{indexType}' is not supported; valid index types are {string.Join(", ", IndexTypes.All)}.");
        }

        CheckMetric(type, metric);
        CheckDimension(type, dimension);
        parameters ??= NoParameters;
        IVectorIndex index = type switch
        {
            IndexTypes.Flat => WithoutParameters(type, parameters, new FlatIndex(metric, dimension)),
            IndexTypes.BinFlat => WithoutParameters(type, parameters, new BinFlatIndex(metric, dimension)),
            IndexTypes.Hnsw => new HnswIndex(metric, dimension, HnswParameters.FromMilvus(parameters)),
            IndexTypes.IvfFlat => new IvfFlatIndex(metric, dimension, IvfParameters.FromMilvus(type, parameters).Nlist),
            IndexTypes.IvfSq8 => new IvfSq8Index(metric, dimension, IvfParameters.FromMilvus(type, parameters).Nlist),
            IndexTypes.IvfPq => CreateIvfPq(metric, dimension, IvfParameters.FromMilvusPq(parameters, dimension)),
            IndexTypes.SparseInvertedIndex or IndexTypes.SparseWand => new SparseInvertedIndex(type, SparseIndexParameters.FromMilvus(type, parameters)),
            _ => new BinIvfFlatIndex(metric, dimension, IvfParameters.FromMilvus(type, parameters).Nlist),
        };
        if (index is IBuildParallelism parallelism)
        {
            parallelism.BuildThreads = (buildOptions ?? IndexBuildOptions.Default).MaxDegreeOfParallelism;
        }

        return index;
    }

    /// <summary>Reads an index written by <see cref="IVectorIndex.Save"/>; a corrupt, truncated or unknown-version stream raises InvalidDataException.</summary>
    public static IVectorIndex Load(Stream stream, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return IndexFile.Read(stream, sourceName ?? "the stream", (indexType, metric, dimension, reader) =>
        {
            CheckMetric(indexType, metric);
            CheckDimension(indexType, dimension);
            return indexType switch
            {
                IndexTypes.Flat => FlatIndex.Load(reader, metric, dimension),
                IndexTypes.BinFlat => BinFlatIndex.Load(reader, metric, dimension),
                IndexTypes.Hnsw => HnswIndex.Load(reader, metric, dimension),
                IndexTypes.IvfFlat => IvfFlatIndex.Load(reader, metric, dimension),
                IndexTypes.IvfSq8 => IvfSq8Index.Load(reader, metric, dimension),
                IndexTypes.IvfPq => IvfPqIndex.Load(reader, metric, dimension),
                IndexTypes.BinIvfFlat => BinIvfFlatIndex.Load(reader, metric, dimension),
                IndexTypes.SparseInvertedIndex or IndexTypes.SparseWand => SparseInvertedIndex.Load(reader, indexType),
                _ => throw new InvalidDataException($"Index type '{indexType}' is not one this build reads."),
            };
        });
    }

    private static IvfPqIndex CreateIvfPq(MetricType metric, int dimension, IvfParameters parameters) =>
        new(metric, dimension, parameters.Nlist, parameters.M);

    private static IVectorIndex WithoutParameters(string type, IReadOnlyDictionary<string, string> parameters, IVectorIndex index)
    {
        MilvusParameters.RejectUnknown(parameters, type, [], MilvusParameters.BuildFramingKeys);
        return index;
    }

    private static void CheckMetric(string indexType, MetricType metric)
    {
        if (IndexTypes.IsSparse(indexType))
        {
            if (metric != MetricType.IP)
            {
                throw new IndexParameterException("metric_type", "IP",
                    $"Metric type {Metrics.MilvusName(metric)} is not valid for index type {indexType}; sparse vectors are searched by IP.");
            }

            return;
        }

        if (IndexTypes.IsBinary(indexType) != Metrics.IsBinary(metric))
        {
            var valid = IndexTypes.IsBinary(indexType) ? "HAMMING, JACCARD" : "L2, IP, COSINE";
            throw new IndexParameterException("metric_type", valid,
                $"Metric type {Metrics.MilvusName(metric)} is not valid for index type {indexType}; valid metric types are {valid}.");
        }
    }

    /// <summary>Sparse vectors carry their own indices: their dimension is not checked (Milvus gives sparse fields no dim).</summary>
    private static void CheckDimension(string indexType, int dimension)
    {
        if (IndexTypes.IsSparse(indexType))
        {
            return;
        }

        if (IndexTypes.IsBinary(indexType))
        {
            if (dimension < 8 || dimension > MaxDimension * 8 || dimension % 8 != 0)
            {
                throw new IndexParameterException("dim", $"a multiple of 8 in [8, {MaxDimension * 8}]",
                    $"Binary vector dim = {dimension} is invalid; it must be a multiple of 8 in [8, {MaxDimension * 8}].");
            }
        }
        else if (dimension < 1 || dimension > MaxDimension)
        {
            throw IndexParameterException.OutOfRange("dim", dimension, 1, MaxDimension);
        }
    }
}

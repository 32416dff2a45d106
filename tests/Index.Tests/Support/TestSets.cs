using OrleansVector.Index.Datasets;
using OrleansVector.TestSupport;

namespace OrleansVector.Index.Tests.Support;

/// <summary>The data the index tests run on, loaded once per test run.</summary>
internal static class TestSets
{
    private static readonly Lazy<(VectorArray<float> Base, VectorArray<float> Queries)> LazySift = new(() => (
        VecsFile.ReadFvecs(SharedPath("ngt_sift5k", "ngt_sift5k_base.fvecs")),
        VecsFile.ReadFvecs(SharedPath("siftsmall", "siftsmall_query.fvecs"))));

    private static readonly Lazy<(VectorArray<float> Base, VectorArray<float> Queries)> LazyFmnist = new(() => (
        VecsFile.ReadFvecs(SharedPath("fmnistsmall", "fmnistsmall_base.fvecs")),
        VecsFile.ReadFvecs(SharedPath("fmnistsmall", "fmnistsmall_query.fvecs"), 100)));

    private static readonly Lazy<(VectorArray<float> Base, VectorArray<float> Queries)> LazyClustered = new(() =>
    {
        var generator = new SyntheticData(SyntheticKind.Clustered, 64, seed: 1);
        return (generator.Generate(10_000, SyntheticData.BaseStream), generator.Generate(100, SyntheticData.QueryStream));
    });

    private static readonly Lazy<(byte[] Base, byte[] Queries)> LazyBinary = new(() =>
    {
        var generator = new SyntheticData(SyntheticKind.Clustered, BinaryDim, seed: 7);
        return (SignBits(generator.Generate(5_000, SyntheticData.BaseStream)), SignBits(generator.Generate(50, SyntheticData.QueryStream)));
    });

    /// <summary>Bits per binary vector in <see cref="Binary"/>.</summary>
    public const int BinaryDim = 256;

    /// <summary>Real SIFT: 5,000 base vectors (ngt_sift5k) and the 100 siftsmall queries, dim 128.</summary>
    public static (VectorArray<float> Base, VectorArray<float> Queries) Sift => LazySift.Value;

    /// <summary>Fashion-MNIST: 1,000 base vectors and 100 queries, dim 784.</summary>
    public static (VectorArray<float> Base, VectorArray<float> Queries) Fmnist => LazyFmnist.Value;

    /// <summary>Generated clustered data: 10,000 base vectors and 100 queries, dim 64, seed 1.</summary>
    public static (VectorArray<float> Base, VectorArray<float> Queries) Clustered => LazyClustered.Value;

    /// <summary>Binary vectors (sign bits of clustered data): 5,000 base and 50 queries of 256 bits.</summary>
    public static (byte[] Base, byte[] Queries) Binary => LazyBinary.Value;

    public static (VectorArray<float> Base, VectorArray<float> Queries) ByName(string name) => name switch
    {
        "sift" => Sift,
        "fmnist" => Fmnist,
        "clustered" => Clustered,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "sift, fmnist or clustered"),
    };

    public static Dictionary<string, string> Parameters(params string[] pairs) =>
        pairs.Select(p => p.Split('=')).ToDictionary(p => p[0], p => p[1]);

    private static string SharedPath(string set, string file)
    {
        var full = Path.Combine(RepositoryPaths.SharedData, set, file);
        if (!File.Exists(full))
        {
            throw new InvalidOperationException($"{full} is missing; these tests read the real data sets in ../shared/data beside the checkout.");
        }

        return full;
    }

    private static byte[] SignBits(VectorArray<float> vectors)
    {
        var bytes = new byte[vectors.Count * vectors.Dim / 8];
        for (var i = 0; i < vectors.Data.Length; i++)
        {
            if (vectors.Data[i] > 0)
            {
                bytes[i >> 3] |= (byte)(1 << (i & 7));
            }
        }

        return bytes;
    }
}

using System.Globalization;

namespace OrleansVector.Index.Sparse;

/// <summary>Build parameters of SPARSE_INVERTED_INDEX / SPARSE_WAND: drop_ratio_build in [0, 1) and inverted_index_algo.</summary>
internal sealed record SparseIndexParameters(float DropRatioBuild, InvertedIndexAlgorithm Algorithm)
{
    public const string DropRatioBuildKey = "drop_ratio_build";
    public const string AlgorithmKey = "inverted_index_algo";

    private static readonly string[] Known = [DropRatioBuildKey, AlgorithmKey];

    private static readonly (string Name, InvertedIndexAlgorithm Value)[] AlgorithmNames =
    [
        ("DAAT_MAXSCORE", InvertedIndexAlgorithm.DaatMaxScore),
        ("DAAT_WAND", InvertedIndexAlgorithm.DaatWand),
        ("TAAT_NAIVE", InvertedIndexAlgorithm.TaatNaive),
    ];

    public static SparseIndexParameters FromMilvus(string indexType, IReadOnlyDictionary<string, string> parameters)
    {
        MilvusParameters.RejectUnknown(parameters, indexType, Known, MilvusParameters.BuildFramingKeys);
        var dropRatio = parameters.TryGetValue(DropRatioBuildKey, out var ratio) ? ParseRatio(DropRatioBuildKey, ratio) : 0f;
        // SPARSE_WAND is the 2.4 name of the inverted index searched with WAND.
        var algorithm = indexType == IndexTypes.SparseWand ? InvertedIndexAlgorithm.DaatWand : InvertedIndexAlgorithm.DaatMaxScore;
        if (parameters.TryGetValue(AlgorithmKey, out var name))
        {
            algorithm = ParseAlgorithm(name);
        }

        return new SparseIndexParameters(dropRatio, algorithm);
    }

    /// <summary>A drop ratio: a number in [0, 1), as knowhere checks it.</summary>
    public static float ParseRatio(string name, string text)
    {
        var value = float.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : float.NaN;
        return CheckRatio(name, value, text);
    }

    public static float CheckRatio(string name, float value, string text) =>
        value is >= 0f and < 1f
            ? value
            : throw new IndexParameterException(name, "[0, 1)", $"Parameter '{name}' = '{text}' is out of range; valid range is [0, 1).");

    public static InvertedIndexAlgorithm ParseAlgorithm(string text)
    {
        foreach (var (algorithmName, value) in AlgorithmNames)
        {
            if (string.Equals(algorithmName, text.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        var valid = string.Join(", ", AlgorithmNames.Select(a => a.Name));
        throw new IndexParameterException(AlgorithmKey, valid, $"Index parameter '{AlgorithmKey}' = '{text}' is not supported; valid values are {valid}.");
    }

    public static string NameOf(InvertedIndexAlgorithm algorithm) => AlgorithmNames.First(a => a.Value == algorithm).Name;
}

namespace OrleansVector.Index.Sparse;

/// <summary>
/// Milvus's inverted_index_algo names. Every one runs the same exact search here (term-at-a-time over a dense score
/// accumulator); the name is kept so that describe and save report what was asked for.
/// </summary>
public enum InvertedIndexAlgorithm
{
    DaatMaxScore,
    DaatWand,
    TaatNaive,
}

namespace OrleansVector.Index.Sparse;

/// <summary>
/// Milvus's inverted_index_algo names; every one searches exactly. DAAT_MAXSCORE and DAAT_WAND run
/// <see cref="MaxScoreSearch"/> (WAND's pruning is not a separate search here: MaxScore's gives the same exact results);
/// TAAT_NAIVE scores term at a time on a <see cref="ScoreBoard"/>.
/// </summary>
public enum InvertedIndexAlgorithm
{
    DaatMaxScore,
    DaatWand,
    TaatNaive,
}

namespace OrleansVector.Bench.Ann;

/// <summary>How our rows compare with a reference engine's rows of the same run.</summary>
internal static class Comparison
{
    /// <summary>A pair of rows and our QPS over theirs.</summary>
    public sealed record Match(ResultRow Ours, ResultRow Theirs)
    {
        public double QpsRatio => Ours.Qps / Theirs.Qps;
    }

    /// <summary>For each of our rows, the reference row whose recall is closest (the faster one on a tie).</summary>
    public static IReadOnlyList<Match> AtClosestRecall(IReadOnlyList<ResultRow> ours, IReadOnlyList<ResultRow> theirs) =>
        theirs.Count == 0
            ? []
            : ours.Select(o => new Match(o, theirs.OrderBy(t => Math.Abs(t.Recall - o.Recall)).ThenByDescending(t => t.Qps).First())).ToArray();

    /// <summary>The fastest row reaching <paramref name="recall"/>, or null when no setting reaches it.</summary>
    public static ResultRow? BestAtRecall(IEnumerable<ResultRow> rows, double recall) =>
        rows.Where(r => r.Recall >= recall).OrderByDescending(r => r.Qps).FirstOrDefault();
}

using OrleansVector.Query.Evaluation;

namespace OrleansVector.Query.Planning;

/// <summary>The answer of a row-by-row predicate for one row.</summary>
internal enum RowResult
{
    False,
    True,
    Null,
}

/// <summary>
/// A predicate over values that are not fixed-width (strings, JSON, array contents): it visits only the candidate
/// rows, so an <c>and</c> whose left side already failed never reads or parses those rows.
/// </summary>
internal abstract class RowPredicate(int position) : Predicate(position)
{
    public override void Evaluate(EvaluationContext context, ReadOnlySpan<ulong> candidates, Truth result)
    {
        result.Reset();
        var data = result.Data;
        foreach (var row in Bits.Rows(candidates))
        {
            switch (Test(context, row))
            {
                case RowResult.True:
                    Bits.Set(data, row);
                    break;
                case RowResult.Null:
                    result.SetNull(row);
                    break;
            }
        }
    }

    protected abstract RowResult Test(EvaluationContext context, int row);

    /// <summary>Maps a comparison's outcome to a row result: null rows are null, rows without a value false.</summary>
    protected static RowResult Of(ValueState state, bool holds) => state switch
    {
        ValueState.Null => RowResult.Null,
        ValueState.Missing => RowResult.False,
        _ => holds ? RowResult.True : RowResult.False,
    };
}

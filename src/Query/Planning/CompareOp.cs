namespace OrleansVector.Query.Planning;

/// <summary>The six comparison operators.</summary>
public enum CompareOp
{
    Equal,
    NotEqual,
    Less,
    LessEqual,
    Greater,
    GreaterEqual,
}

internal static class CompareOps
{
    /// <summary>The operator that gives the same answer with the operands swapped (<c>a &lt; b</c> is <c>b &gt; a</c>).</summary>
    public static CompareOp Swap(this CompareOp op) => op switch
    {
        CompareOp.Less => CompareOp.Greater,
        CompareOp.LessEqual => CompareOp.GreaterEqual,
        CompareOp.Greater => CompareOp.Less,
        CompareOp.GreaterEqual => CompareOp.LessEqual,
        _ => op,
    };

    /// <summary>Applies the operator to the sign of a three-way comparison.</summary>
    public static bool Holds(this CompareOp op, int order) => op switch
    {
        CompareOp.Equal => order == 0,
        CompareOp.NotEqual => order != 0,
        CompareOp.Less => order < 0,
        CompareOp.LessEqual => order <= 0,
        CompareOp.Greater => order > 0,
        _ => order >= 0,
    };

    public static bool IsOrdering(this CompareOp op) => op is not (CompareOp.Equal or CompareOp.NotEqual);

    public static string Symbol(this CompareOp op) => op switch
    {
        CompareOp.Equal => "==",
        CompareOp.NotEqual => "!=",
        CompareOp.Less => "<",
        CompareOp.LessEqual => "<=",
        CompareOp.Greater => ">",
        _ => ">=",
    };
}

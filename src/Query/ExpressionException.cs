namespace OrleansVector.Query;

/// <summary>
/// A filter expression that cannot be parsed or type-checked. The message names the problem and the 1-based
/// column (character position) in the expression where it was found.
/// </summary>
public sealed class ExpressionException : Exception
{
    public ExpressionException()
        : this("invalid filter expression", 0)
    {
    }

    public ExpressionException(string message)
        : this(message, 0)
    {
    }

    public ExpressionException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problem = message;
    }

    public ExpressionException(string problem, int position)
        : base($"{problem} at column {position + 1}")
    {
        Problem = problem;
        Column = position + 1;
    }

    /// <summary>The problem without its position.</summary>
    public string Problem { get; }

    /// <summary>The 1-based column of the offending text.</summary>
    public int Column { get; }
}

namespace OrleansVector.Index.Sparse;

/// <summary>
/// The term-at-a-time accumulator of one thread: a score per row, all zero between queries, and the rows a query touched,
/// so that collecting and clearing cost the postings visited, not the rows held. <see cref="TryTake"/> reads a touched
/// row's score and zeroes it (a row touched twice, after its sum returned to exactly 0, is then read once). Not for
/// nested use on one thread.
/// </summary>
internal sealed class ScoreBoard
{
    [ThreadStatic]
    private static ScoreBoard? perThread;

    private float[] scores = [];
    private int[] touched = [];

    private int touchedCount;
    private int taken;

    /// <summary>This thread's board, holding room for <paramref name="rows"/> rows and <paramref name="postings"/> touches.</summary>
    public static ScoreBoard Rent(int rows, long postings)
    {
        var board = perThread ??= new ScoreBoard();
        if (board.scores.Length < rows)
        {
            board.scores = new float[Math.Max(rows, board.scores.Length * 2)];
        }

        if (board.touched.Length < postings)
        {
            board.touched = new int[Math.Max(postings, board.touched.Length * 2L)];
        }

        return board;
    }

    public void Add(int ordinal, float contribution)
    {
        ref var score = ref scores[ordinal];
        if (score == 0f)
        {
            touched[touchedCount++] = ordinal;
        }

        score += contribution;
    }

    /// <summary>
    /// The next touched row and its score (0 when it was taken before), zeroed as it is read; false once every touched
    /// row was taken, leaving the board clean.
    /// </summary>
    public bool TryTake(out int ordinal, out float score)
    {
        if (taken == touchedCount)
        {
            taken = touchedCount = 0;
            ordinal = 0;
            score = 0f;
            return false;
        }

        ordinal = touched[taken++];
        ref var slot = ref scores[ordinal];
        score = slot;
        slot = 0f;
        return true;
    }

    /// <summary>Zeroes the rows not taken yet: the board is clean for the next query even when a reader stopped early.</summary>
    public void Clear()
    {
        for (var i = taken; i < touchedCount; i++)
        {
            scores[touched[i]] = 0f;
        }

        taken = touchedCount = 0;
    }
}

namespace OrleansVector.Query.Tests;

/// <summary>
/// Random well-typed expressions evaluated by the columnar evaluator and by the row-at-a-time
/// <see cref="ReferenceInterpreter"/> must select the same rows. Batch sizes straddle the 64-row word boundary.
/// Seeds are fixed so a failure reproduces; the failing expression is in the message.
/// </summary>
public sealed class PropertyTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 63)]
    [InlineData(3, 64)]
    [InlineData(4, 65)]
    [InlineData(5, 300)]
    [InlineData(6, 1000)]
    public void Columnar_evaluation_matches_the_row_at_a_time_reference(int seed, int rows)
    {
        var random = new Random(seed);
        var data = new RandomDataset(random, rows);
        var reference = new ReferenceInterpreter(data);
        var generator = new ExpressionGenerator(random);
        var selective = 0;
        for (var i = 0; i < 400; i++)
        {
            var predicate = generator.Predicate(3);
            var expression = predicate.Render();

            var actual = TestColumns.Rows(FilterPlan.Compile(expression, RandomDataset.Schema).Evaluate(data.Batch), rows);
            var expected = reference.Evaluate(predicate).Select((holds, row) => (holds, row)).Where(p => p.holds).Select(p => p.row).ToArray();

            Assert.True(expected.SequenceEqual(actual), $"{expression}\nexpected: {string.Join(",", expected)}\nactual:   {string.Join(",", actual)}");
            selective += actual.Length > 0 && actual.Length < rows ? 1 : 0;
        }

        // The comparison means something only if many expressions select some rows but not all.
        Assert.True(rows < 60 || selective > 100, $"only {selective} of 400 expressions were selective");
    }
}

using OrleansVector.Query.Pruning;

namespace OrleansVector.Query.Tests;

/// <summary>What a plan reports for point lookups, partition pruning and segment min/max pruning.</summary>
public sealed class PruningTests
{
    private static PruningInfo Prune(string expression, IReadOnlyDictionary<string, FilterValue>? templates = null) =>
        FilterPlan.Compile(expression, Dataset.Schema, templates ?? Dataset.Templates).Pruning;

    private static string Keys(IReadOnlyList<FilterValue>? values) => values is null ? "none" : string.Join(",", values);

    [Theory]
    [InlineData("id in [5, 1, 3]", "1,3,5")]
    [InlineData("id == 7", "7")]
    [InlineData("id in {ids}", "2,4")]
    [InlineData("id in [1, 2, 3] and id in [2, 3, 4]", "2,3")]
    [InlineData("id in [1, 2, 3] and id > 1", "2,3")]
    [InlineData("id == 1 or id == 8", "1,8")]
    [InlineData("id in [1, 2] and age > 3", "1,2")]
    [InlineData("(id == 1 and age > 3) or id in [4, 9]", "1,4,9")]
    [InlineData("id == 1 or age > 3", "none")]
    [InlineData("not (id == 1)", "none")]
    [InlineData("id != 1", "none")]
    [InlineData("id > 3", "none")]
    [InlineData("id + 1 == 3", "none")]
    public void Primary_key_lookups_are_reported(string expression, string keys) =>
        Assert.Equal(keys, Keys(Prune(expression).PrimaryKeys));

    [Theory]
    [InlineData("city == \"b\"", "\"b\"")]
    [InlineData("city in [\"c\", \"a\"] and age > 1", "\"a\",\"c\"")]
    [InlineData("city in {cities}", "\"a\",\"e\"")]
    [InlineData("city == \"a\" or city == \"ｚ\"", "\"a\",\"ｚ\"")]
    [InlineData("city like \"a%\"", "none")]
    [InlineData("city != \"a\"", "none")]
    public void Partition_key_constraints_are_reported(string expression, string keys) =>
        Assert.Equal(keys, Keys(Prune(expression).PartitionKeys));

    [Fact]
    public void Ranges_come_from_comparisons_chained_ranges_and_lists()
    {
        var pruning = Prune("18 < age <= 30 and score >= 2.5 and id in [4, 9, 6] and name > \"b\"");

        Assert.Equal(new ValueRange(FilterValue.Int64(18), false, FilterValue.Int64(30), true), pruning.Ranges["age"]);
        Assert.Equal(new ValueRange(FilterValue.Double(2.5), true, null, false), pruning.Ranges["score"]);
        Assert.Equal(new ValueRange(FilterValue.Int64(4), true, FilterValue.Int64(9), true), pruning.Ranges["id"]);
        Assert.Equal(new ValueRange(FilterValue.String("b"), false, null, false), pruning.Ranges["name"]);
        Assert.False(pruning.AlwaysFalse);
    }

    [Fact]
    public void An_integer_field_compared_with_a_fraction_gets_the_integer_bound()
    {
        var pruning = Prune("age > 29.5");

        Assert.Equal(new ValueRange(FilterValue.Int64(29), false, null, false), pruning.Ranges["age"]);
    }

    [Fact]
    public void Or_keeps_the_hull_of_fields_every_branch_constrains()
    {
        var pruning = Prune("(age > 10 and age < 20 and score > 1) or (age >= 40 and age < 50)");

        Assert.Equal(new ValueRange(FilterValue.Int64(10), false, FilterValue.Int64(50), false), pruning.Ranges["age"]);
        Assert.False(pruning.Ranges.ContainsKey("score"));
    }

    [Theory]
    [InlineData("age", 0, 10, false)]
    [InlineData("age", 0, 18, false)]
    [InlineData("age", 0, 19, true)]
    [InlineData("age", 30, 100, true)]
    [InlineData("age", 31, 100, false)]
    [InlineData("score", -5, 5, true)]
    public void Segments_are_skipped_by_their_min_and_max(string field, long min, long max, bool mayMatch)
    {
        var pruning = Prune("18 < age <= 30");

        Assert.Equal(mayMatch, pruning.MayMatch(field, FilterValue.Int64(min), FilterValue.Int64(max)));
    }

    [Theory]
    [InlineData("false")]
    [InlineData("id in []")]
    [InlineData("age > 5 and age < 3")]
    [InlineData("age == 5 and age == 6")]
    [InlineData("id in [1, 2] and id in [3]")]
    [InlineData("small > 1000")]
    [InlineData("age > 5 and false")]
    public void Contradictions_match_nothing(string expression)
    {
        var pruning = Prune(expression);

        Assert.True(pruning.AlwaysFalse);
        Assert.Empty(Dataset.Evaluate(expression));
    }

    [Theory]
    [InlineData("age > 5 or false")]
    [InlineData("true")]
    [InlineData("age == 5 or age == 6")]
    public void Satisfiable_expressions_are_not_always_false(string expression) =>
        Assert.False(Prune(expression).AlwaysFalse);

    [Fact]
    public void Plan_lists_the_fields_it_reads()
    {
        var plan = FilterPlan.Compile("age > 1 and color == \"red\" or array_length(tags) > 2 and age < 9", Dataset.Schema);

        Assert.Equal(["age", "$meta", "tags"], plan.Fields);
    }
}

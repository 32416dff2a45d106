using OrleansVector.Bench.Cli;

namespace OrleansVector.Bench.Tests;

public sealed class ArgumentListTests
{
    private static readonly OptionSpec[] Specs =
    [
        new("k", "neighbours", "K"),
        new("index", "type", "TYPE", Required: true),
        OptionSpec.Flag("no-gt", "skip"),
    ];

    [Fact]
    public void ReadsSeparateAndInlineValuesAndFlags()
    {
        var list = ArgumentList.Parse(["--index", "HNSW", "--k=20", "--no-gt"], Specs);
        Assert.Equal("HNSW", list.Required("index"));
        Assert.Equal(20, list.Int("k", 10, 1, 100));
        Assert.True(list.Flag("no-gt"));
    }

    [Fact]
    public void DefaultsApplyWhenAnOptionIsAbsent()
    {
        var list = ArgumentList.Parse(["--index", "FLAT"], Specs);
        Assert.Equal(10, list.Int("k", 10, 1, 100));
        Assert.False(list.Flag("no-gt"));
    }

    [Theory]
    [InlineData(new[] { "--index", "FLAT", "--kk", "3" }, "unknown option --kk; valid options are --k, --index, --no-gt")]
    [InlineData(new[] { "--index", "FLAT", "--k" }, "--k needs a value")]
    [InlineData(new[] { "--index", "--k", "3" }, "--index needs a value")]
    [InlineData(new[] { "--index", "FLAT", "--index", "HNSW" }, "--index is given twice")]
    [InlineData(new[] { "--k", "3" }, "--index TYPE is required")]
    [InlineData(new[] { "--index", "FLAT", "--no-gt=1" }, "--no-gt is a flag")]
    [InlineData(new[] { "--index", "FLAT", "stray" }, "unexpected argument 'stray'")]
    public void MistakesAreReportedPlainly(string[] args, string message)
    {
        var error = Assert.Throws<UsageException>(() => ArgumentList.Parse(args, Specs));
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("101")]
    [InlineData("ten")]
    public void NumbersOutsideTheirRangeAreRejected(string value)
    {
        var list = ArgumentList.Parse(["--index", "FLAT", "--k", value], Specs);
        var error = Assert.Throws<UsageException>(() => list.Int("k", 10, 1, 100));
        Assert.Equal($"--k '{value}' is not an integer in [1, 100]", error.Message);
    }
}

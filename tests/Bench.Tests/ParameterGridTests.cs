using OrleansVector.Bench.Cli;

namespace OrleansVector.Bench.Tests;

public sealed class ParameterGridTests
{
    [Fact]
    public void ABuildHasOneValuePerKey()
    {
        var build = ParameterGrid.ParseBuild("M=16, efConstruction=200", "build");
        Assert.Equal(new Dictionary<string, string> { ["M"] = "16", ["efConstruction"] = "200" }, build);
        Assert.Equal("M=16,efConstruction=200", ParameterGrid.Format(build));
    }

    [Fact]
    public void ABuildValueListIsRejected()
    {
        var error = Assert.Throws<UsageException>(() => ParameterGrid.ParseBuild("M=16,32", "build"));
        Assert.Contains("'M' has 2 values", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BareValuesContinueTheirKey()
    {
        var settings = ParameterGrid.ParseSearch("ef=16,32,64,128", "search");
        Assert.Equal(["ef=16", "ef=32", "ef=64", "ef=128"], settings.Select(ParameterGrid.Format));
    }

    [Fact]
    public void SeveralKeysGiveEveryCombination()
    {
        var settings = ParameterGrid.ParseSearch("nprobe=8,16,ef=32,64", "search");
        Assert.Equal(["nprobe=8,ef=32", "nprobe=8,ef=64", "nprobe=16,ef=32", "nprobe=16,ef=64"], settings.Select(ParameterGrid.Format));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("-")]
    public void NoSearchTextIsOneDefaultSetting(string? text)
    {
        var settings = ParameterGrid.ParseSearch(text, "search");
        Assert.Equal(["-"], settings.Select(ParameterGrid.Format));
    }

    [Theory]
    [InlineData("16,32", "'16' has no parameter name")]
    [InlineData("ef=", "'ef=' has an empty value")]
    [InlineData("ef=16,ef=32", "'ef' is given twice")]
    [InlineData("e f=16", "'e f=16' does not start with a parameter name")]
    public void MalformedGridsAreRejected(string text, string message)
    {
        var error = Assert.Throws<UsageException>(() => ParameterGrid.ParseSearch(text, "search"));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("--search: ", error.Message, StringComparison.Ordinal);
    }
}

using OrleansVector.Query.Syntax;

namespace OrleansVector.Query.Tests;

/// <summary>
/// Random strings and random token sequences: compiling (and evaluating what compiles) never throws anything but
/// <see cref="ExpressionException"/>, and the parser's work stays linear in the number of tokens — counted in
/// parse-function calls, not timed.
/// </summary>
public sealed class FuzzTests
{
    private const int StepsPerToken = 24;

    private static readonly string[] Fragments =
    [
        "id", "age", "name", "info", "tags", "nums", "color", "$meta", "vec", "{a}", "{cities}", "{missing}",
        "1", "0x1F", "0b2", "010", "09", "1.5", ".5e3", "1e", "9223372036854775808", "-", "+", "*", "/", "%", "**",
        "~", "<<", ">>", "&", "|", "^", "<", "<=", ">", ">=", "==", "!=", "=", "and", "or", "not", "&&", "||", "!",
        "in", "not in", "like", "is", "null", "is not null", "exists", "(", ")", "[", "]", ",", "[\"a\"]", "[0]",
        "\"x\"", "'y'", "r\"z\\\"", "\"\\u00e9\"", "\"\\q\"", "\"open", "true", "False", "TRUE", "json_contains(",
        "array_contains_any(", "array_length(", "foo(", "😀", "日本", "#", "$", "{", "}",
    ];

    [Fact]
    public void Random_token_sequences_fail_only_with_expression_errors()
    {
        var random = new Random(11);
        var compiled = 0;
        for (var i = 0; i < 20000; i++)
        {
            var text = string.Join(random.Next(3) == 0 ? "" : " ", Enumerable.Range(0, random.Next(1, 14)).Select(_ => Fragments[random.Next(Fragments.Length)]));
            compiled += TryCompileAndEvaluate(text) ? 1 : 0;
        }

        Assert.True(compiled > 100, $"only {compiled} sequences compiled; the fuzzer is not reaching the evaluator");
    }

    [Fact]
    public void Random_strings_fail_only_with_expression_errors()
    {
        var random = new Random(12);
        const string Alphabet = "abcdefinotrulsxy_$[]{}()\"'\\<>=!&|^~+-*/%.,0123456789 \té日😀\0";
        for (var i = 0; i < 20000; i++)
        {
            var chars = Enumerable.Range(0, random.Next(0, 40)).Select(_ => Alphabet[random.Next(Alphabet.Length)]).ToArray();
            TryCompileAndEvaluate(new string(chars));
        }
    }

    [Theory]
    [InlineData("id == 1 or ")]
    [InlineData("(")]
    [InlineData("not ")]
    [InlineData("- ")]
    [InlineData("id + ")]
    [InlineData("[")]
    [InlineData("info[\"a\"]")]
    [InlineData("1 < ")]
    public void Parser_work_grows_linearly_with_the_input(string unit)
    {
        var small = ParseSteps(string.Concat(Enumerable.Repeat(unit, 1000)) + "id > 1");
        var large = ParseSteps(string.Concat(Enumerable.Repeat(unit, 4000)) + "id > 1");

        Assert.True(small.Steps <= StepsPerToken * small.Tokens, $"{small.Steps} steps for {small.Tokens} tokens");
        Assert.True(large.Steps <= StepsPerToken * large.Tokens, $"{large.Steps} steps for {large.Tokens} tokens");
    }

    private static (int Steps, int Tokens) ParseSteps(string text)
    {
        Parser? parser = null;
        try
        {
            Parser.Parse(text, out parser);
        }
        catch (ExpressionException)
        {
            // Too deep or malformed is fine: the work done up to the error is what is measured.
        }

        Assert.NotNull(parser);
        return (parser.Steps, parser.TokenCount);
    }

    private static bool TryCompileAndEvaluate(string text)
    {
        Parser? parser = null;
        try
        {
            Parser.Parse(text, out parser);
            FilterPlan.Compile(text, Dataset.Schema, Dataset.Templates).Evaluate(Dataset.Batch);
            return true;
        }
        catch (ExpressionException)
        {
            return false;
        }
        finally
        {
            if (parser is not null)
            {
                Assert.True(parser.Steps <= StepsPerToken * parser.TokenCount, $"'{text}': {parser.Steps} steps for {parser.TokenCount} tokens");
            }
        }
    }
}

using System.Text;
using OrleansVector.Query.Columns;
using OrleansVector.Query.Evaluation;
using OrleansVector.Query.Schema;

namespace OrleansVector.Query.Tests;

/// <summary>
/// String <c>in</c> over a VarChar column (the column fast path and <see cref="Utf8ValueSet"/>'s packed and sorted forms)
/// against a plain set membership test, including empty, 7- and 8-byte, long and multi-byte values, nulls, and rows at the
/// very end of the column's bytes.
/// </summary>
public sealed class StringInTests
{
    private static readonly string[] Vocabulary = ["", "a", "b", "abc", "abcdefg", "abcdefgh", "ä", "日本", "x" + new string('y', 70), "abcdefg\0", "q"];

    [Theory]
    [InlineData("a|b|abc")]
    [InlineData("|abcdefg|ä")]
    [InlineData("abcdefgh|a")]
    [InlineData("a|b|abc|abcdefg|ä|日本|q|")]
    public void MatchesExactlyTheListedValues(string listedValues)
    {
        var listed = listedValues.Split('|');
        var random = new Random(7);
        var rows = 1000;
        var values = Enumerable.Range(0, rows).Select(i => i % 17 == 5 ? null : Vocabulary[random.Next(Vocabulary.Length)]).ToArray();
        values[^1] = "a";   // the last row's bytes end the column: the packed read must not run past them
        var schema = new CollectionSchema([new FieldSchema("id", DataType.Int64) { IsPrimaryKey = true }, new FieldSchema("s", DataType.VarChar) { Nullable = true }]);
        var batch = new ColumnBatch(rows, new Dictionary<string, Column>
        {
            ["id"] = new PrimitiveColumn<long>(Enumerable.Range(0, rows).Select(i => (long)i).ToArray()),
            ["s"] = BinaryColumn.FromStrings(values),
        });
        var list = string.Join(", ", listed.Select(v => "\"" + v + "\""));

        var inBits = FilterPlan.Compile($"s in [{list}]", schema).Evaluate(batch);
        var notInBits = FilterPlan.Compile($"s not in [{list}]", schema).Evaluate(batch);

        var set = listed.ToHashSet(StringComparer.Ordinal);
        for (var row = 0; row < rows; row++)
        {
            Assert.Equal(values[row] is { } v && set.Contains(v), Bits.Get(inBits, row));
            Assert.Equal(values[row] is { } w && !set.Contains(w), Bits.Get(notInBits, row));
        }
    }

    [Fact]
    public void SetAnswersForEveryForm()
    {
        var members = new[] { "", "ab", "abcdefg", "日本" }.Select(Encoding.UTF8.GetBytes).ToArray();
        var packed = new Utf8ValueSet(members);
        var sorted = new Utf8ValueSet([.. members, .. Enumerable.Range(0, 20).Select(i => Encoding.UTF8.GetBytes($"value{i}"))]);
        var data = Encoding.UTF8.GetBytes("abab日本abcdefgabcdefgh");
        (int Start, int End, bool Member)[] cases = [(0, 2, true), (0, 0, true), (0, 3, false), (4, 10, true), (10, 17, true), (17, 25, false), (24, 25, false), (25, 25, true)];
        foreach (var (start, end, member) in cases)
        {
            Assert.Equal(member, packed.Contains(data, start, end));
            Assert.Equal(member, sorted.Contains(data, start, end));
            Assert.Equal(member, sorted.Contains(data.AsSpan(start, end - start)));
        }

        Assert.True(sorted.Contains("value13"u8));
        Assert.False(sorted.Contains("value20"u8));
    }
}

using System.Runtime.InteropServices;
using Google.Protobuf;
using OrleansVector.Grains.Interfaces.Messages;
using OrleansVector.Grains.Interfaces.Milvus;
using OrleansVector.Grains.Interfaces.Protocol;
using OrleansVector.Grains.Rows;
using OrleansVector.Grains.Search;
using OrleansVector.Query.Columns;
using static OrleansVector.Grains.Tests.Data.TestCollections;
using KeyValuePair = OrleansVector.Grains.Interfaces.Protocol.KeyValuePair;

namespace OrleansVector.Grains.Tests.Data;

/// <summary>What searches share between calls: parsed "params" texts and compiled filters, per schema.</summary>
public sealed class SearchParsingCacheTests
{
    private static CollectionInfo Collection(params FieldSchema[] extra) =>
        Info("items", dynamic: false, [PrimaryKey(), Vector("vec", 2), Scalar("n", DataType.Int64), .. extra]);

    private static readonly Dictionary<string, TemplateValue> NoTemplates = [];

    private static byte[] OneQuery()
    {
        var value = new PlaceholderValue { Tag = "$0", Type = PlaceholderType.FloatVector };
        value.Values.Add(ByteString.CopyFrom(MemoryMarshal.AsBytes<float>([1f, 2f])));
        return new PlaceholderGroup { Placeholders = { value } }.ToByteArray();
    }

    private static KeyValuePair Pair(string key, string value) => new() { Key = key, Value = value };

    [Fact]
    public void Searches_with_the_same_params_text_share_one_parse_and_a_later_pair_wins()
    {
        var schema = new SchemaView(Collection());
        var first = SearchArguments.Parse(schema, [Pair("topk", "3"), Pair("metric_type", "L2"), Pair("params", "{\"ef\": 48}"), Pair("topk", "5")], OneQuery());
        var second = SearchArguments.Parse(schema, [Pair("topk", "5"), Pair("metric_type", "L2"), Pair("params", "{\"ef\": 48}")], OneQuery());
        var other = SearchArguments.Parse(schema, [Pair("topk", "5"), Pair("metric_type", "L2"), Pair("params", "{\"ef\": 64, \"nprobe\": \"8\"}")], OneQuery());

        Assert.Equal(5, first.TopK);
        Assert.Equal("48", first.IndexParameters["ef"]);
        Assert.Same(first.IndexParameters, second.IndexParameters);
        Assert.Equal("64", other.IndexParameters["ef"]);
        Assert.Equal("8", other.IndexParameters["nprobe"]);
        var bad = Assert.Throws<MilvusException>(() => SearchArguments.Parse(schema, [Pair("topk", "5"), Pair("params", "[1]")], OneQuery()));
        Assert.Equal(MilvusErrorCode.ParameterInvalid, bad.Code);
    }

    [Fact]
    public void A_filter_is_compiled_once_per_schema_and_expression()
    {
        var schema = new SchemaView(Collection());

        var first = ReadPlan.CompileFilter(schema, "n > 3", NoTemplates);

        Assert.Same(first, ReadPlan.CompileFilter(schema, "n > 3", NoTemplates));
        Assert.NotSame(first, ReadPlan.CompileFilter(schema, "n > 4", NoTemplates));
        Assert.NotSame(first, ReadPlan.CompileFilter(new SchemaView(Collection()), "n > 3", NoTemplates));
    }

    [Fact]
    public void A_changed_schema_compiles_its_filters_afresh()
    {
        var before = new SchemaView(Collection());
        var after = new SchemaView(Collection(Scalar("m", DataType.Int64)));

        var unknown = Assert.Throws<MilvusException>(() => ReadPlan.CompileFilter(before, "m > 1", NoTemplates));

        Assert.Equal(MilvusErrorCode.ParameterInvalid, unknown.Code);
        Assert.Equal(["m"], ReadPlan.CompileFilter(after, "m > 1", NoTemplates).Fields);
        Assert.Throws<MilvusException>(() => ReadPlan.CompileFilter(before, "m > 1", NoTemplates));
    }

    [Fact]
    public void A_filter_with_template_values_is_compiled_with_each_requests_values()
    {
        var schema = new SchemaView(Collection());
        var low = new Dictionary<string, TemplateValue> { ["x"] = new TemplateValue { Int64Val = 1 } };
        var high = new Dictionary<string, TemplateValue> { ["x"] = new TemplateValue { Int64Val = 9 } };

        var lowPlan = ReadPlan.CompileFilter(schema, "n > {x}", low);
        var highPlan = ReadPlan.CompileFilter(schema, "n > {x}", high);

        Assert.NotSame(lowPlan, highPlan);
        var five = new ColumnBatch(1, new Dictionary<string, Column> { ["n"] = new PrimitiveColumn<long>(new long[] { 5 }) });
        Assert.Equal(1UL, lowPlan.Evaluate(five)[0]);
        Assert.Equal(0UL, highPlan.Evaluate(five)[0]);
    }
}

using OrleansVector.Query.Columns;
using OrleansVector.Query.Schema;

namespace OrleansVector.Query.Tests;

/// <summary>
/// The fixed ten-row dataset of the expression table. Nulls, missing JSON keys, JSON nulls, empty arrays and
/// unicode text (including a 4-byte emoji and a fullwidth letter that sorts differently in UTF-8 and UTF-16)
/// are all there on purpose:
/// <code>
/// id age  score  ratio small mid    name      city active info                                           tags               nums        temps        $meta
/// 0  25   1.5    0.5   -3    100    alice     a    true   {"a":1,"b":"x","arr":[1,2,3],"nested":{"k":5}}  [red,blue]         [1,2,3]     [20.5]       {"color":"red","n":1}
/// 1  30   2.5    1.25  0     -100   Bob       b    false  {"a":2.5,"b":"y","arr":[]}                      []                 []          []           {"color":"blue","n":2.5}
/// 2  null -1.0   0.1   127   0      Ünïcödé   c    null   null                                            [green]            [5]         [30.0,31.5]  {}
/// 3  45   0.0    -2.0  -128  32767  日本語    a    true   {"b":"x","arr":[2,"two"],"flag":true}           [red]              [2,4,6,8]   [15.0]       {"color":"green","extra":null}
/// 4  18   100.25 3.5   5     -32768 null      b    true   {"a":-7,"arr":[[1,2],3],"flag":false}           [blue,green,red]   [7]         []           {"n":10}
/// 5  30   7.0    2.0   64    7      alice2    c    false  {"a":3,"b":"é","arr":[3]}                       [yellow]           [0,-1]      [22.0]       {"color":"red","n":-5}
/// 6  60   3.25   0.0   -1    15     ""        d    null   {"a":null,"b":"x"}                              [red,red]          [10,20]     [25.5]       {"color":null}
/// 7  null 50.0   1.0   10    255    b_c%d     a    true   {"a":100,"b":"z","arr":[1],"nested":{"k":"5"}}  []                 [3]         [18.0]       {"n":3}
/// 8  33   -7.5   4.0   100   1024   😀x       e    false  {"a":1.0,"b":"\u00e9"}                          [Red]              [1,1,1]     [19.5,20.5]  {"color":"RED","n":1.0}
/// 9  21   9.0    5.5   33    33     bob       ｚ   true   {}                                              [green,blue]       [9,8,7,6,5] []           {"n":"7"}
/// </code>
/// </summary>
internal static class Dataset
{
    public const int RowCount = 10;

    public static readonly CollectionSchema Schema = new(
    [
        new FieldSchema("id", DataType.Int64) { IsPrimaryKey = true },
        new FieldSchema("age", DataType.Int32) { Nullable = true },
        new FieldSchema("score", DataType.Double),
        new FieldSchema("ratio", DataType.Float),
        new FieldSchema("small", DataType.Int8),
        new FieldSchema("mid", DataType.Int16),
        new FieldSchema("name", DataType.VarChar) { Nullable = true },
        new FieldSchema("city", DataType.VarChar) { IsPartitionKey = true },
        new FieldSchema("active", DataType.Bool) { Nullable = true },
        new FieldSchema("info", DataType.Json) { Nullable = true },
        new FieldSchema("tags", DataType.Array) { ElementType = DataType.VarChar },
        new FieldSchema("nums", DataType.Array) { ElementType = DataType.Int64 },
        new FieldSchema("temps", DataType.Array) { ElementType = DataType.Double },
        new FieldSchema("vec", DataType.FloatVector),
        new FieldSchema(FieldSchema.DynamicFieldName, DataType.Json) { IsDynamic = true },
    ]);

    /// <summary>The same fields without the dynamic field, for name-resolution errors.</summary>
    public static readonly CollectionSchema StaticSchema = new(Schema.Fields.Where(f => !f.IsDynamic));

    public static readonly ColumnBatch Batch = new(RowCount, new Dictionary<string, Column>
    {
        ["id"] = TestColumns.Of<long>(0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
        ["age"] = TestColumns.Nullable<int>(25, 30, null, 45, 18, 30, 60, null, 33, 21),
        ["score"] = TestColumns.Of(1.5, 2.5, -1.0, 0.0, 100.25, 7.0, 3.25, 50.0, -7.5, 9.0),
        ["ratio"] = TestColumns.Of(0.5f, 1.25f, 0.1f, -2.0f, 3.5f, 2.0f, 0.0f, 1.0f, 4.0f, 5.5f),
        ["small"] = TestColumns.Of<sbyte>(-3, 0, 127, -128, 5, 64, -1, 10, 100, 33),
        ["mid"] = TestColumns.Of<short>(100, -100, 0, 32767, -32768, 7, 15, 255, 1024, 33),
        ["name"] = TestColumns.Strings("alice", "Bob", "Ünïcödé", "日本語", null, "alice2", "", "b_c%d", "😀x", "bob"),
        ["city"] = TestColumns.Strings("a", "b", "c", "a", "b", "c", "d", "a", "e", "ｚ"),
        ["active"] = TestColumns.Nullable<bool>(true, false, null, true, true, false, null, true, false, true),
        ["info"] = TestColumns.Strings(
            """{"a":1,"b":"x","arr":[1,2,3],"nested":{"k":5}}""",
            """{"a":2.5,"b":"y","arr":[]}""",
            null,
            """{"b":"x","arr":[2,"two"],"flag":true}""",
            """{"a":-7,"arr":[[1,2],3],"flag":false}""",
            """{"a":3,"b":"é","arr":[3]}""",
            """{"a":null,"b":"x"}""",
            """{"a":100,"b":"z","arr":[1],"nested":{"k":"5"}}""",
            """{"a":1.0,"b":"\u00e9"}""",
            "{}"),
        ["tags"] = TestColumns.StringArrays(["red", "blue"], [], ["green"], ["red"], ["blue", "green", "red"], ["yellow"], ["red", "red"], [], ["Red"], ["green", "blue"]),
        ["nums"] = TestColumns.Arrays<long>([1, 2, 3], [], [5], [2, 4, 6, 8], [7], [0, -1], [10, 20], [3], [1, 1, 1], [9, 8, 7, 6, 5]),
        ["temps"] = TestColumns.Arrays<double>([20.5], [], [30.0, 31.5], [15.0], [], [22.0], [25.5], [18.0], [19.5, 20.5], []),
        ["$meta"] = TestColumns.Strings(
            """{"color":"red","n":1}""",
            """{"color":"blue","n":2.5}""",
            "{}",
            """{"color":"green","extra":null}""",
            """{"n":10}""",
            """{"color":"red","n":-5}""",
            """{"color":null}""",
            """{"n":3}""",
            """{"color":"RED","n":1.0}""",
            """{"n":"7"}"""),
    });

    public static readonly IReadOnlyDictionary<string, FilterValue> Templates = new Dictionary<string, FilterValue>
    {
        ["a"] = FilterValue.Int64(30),
        ["cities"] = FilterValue.Array(FilterValue.String("a"), FilterValue.String("e")),
        ["ids"] = FilterValue.Array(FilterValue.Int64(2), FilterValue.Int64(4)),
        ["n"] = FilterValue.String("日本語"),
        ["f"] = FilterValue.Bool(false),
        ["s"] = FilterValue.Double(9.5),
        ["t"] = FilterValue.Array(FilterValue.String("yellow")),
        ["v"] = FilterValue.Int64(3),
        ["lo"] = FilterValue.Int64(2),
        ["hi"] = FilterValue.Int64(6),
        ["p"] = FilterValue.String("a%"),
    };

    public static int[] Evaluate(string expression, CollectionSchema? schema = null) =>
        TestColumns.Rows(FilterPlan.Compile(expression, schema ?? Schema, Templates).Evaluate(Batch), RowCount);
}

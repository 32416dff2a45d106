using System.Text;
using OrleansVector.Query;
using OrleansVector.Query.Columns;
using OrleansVector.Query.Schema;

namespace OrleansVector.Bench.Query;

/// <summary>
/// A deterministic batch for the filter benchmarks: <c>age</c> Int64 uniform in [0, 100), <c>price</c> Double uniform
/// in [0, 100), <c>city</c> VarChar uniform over the ten names "a".."j", and <c>info</c> JSON
/// <c>{"score": s, "tag": "tN", "tags": [...]}</c> with <c>s</c> uniform in [0, 100). No nulls.
/// </summary>
internal sealed class FilterWorkload
{
    /// <summary>The expressions measured: the issue's two (numeric + string <c>in</c>, JSON path) and their parts.</summary>
    public static IReadOnlyList<string> Expressions { get; } =
    [
        "age > 30",
        "price < 50.0",
        "age > 30 and city in [\"a\",\"b\",\"c\"]",
        "city in [\"a\",\"b\",\"c\"]",
        "info[\"score\"] > 50",
        "age > 30 and info[\"score\"] > 50",
    ];

    public static CollectionSchema Schema { get; } = new(
    [
        new FieldSchema("id", DataType.Int64) { IsPrimaryKey = true },
        new FieldSchema("age", DataType.Int64),
        new FieldSchema("price", DataType.Double),
        new FieldSchema("city", DataType.VarChar),
        new FieldSchema("info", DataType.Json),
    ]);

    private FilterWorkload(ColumnBatch batch) => Batch = batch;

    public ColumnBatch Batch { get; }

    public int Rows => Batch.RowCount;

    public static FilterWorkload Create(int rows, int seed = 1)
    {
        var random = new Random(seed);
        var ids = new long[rows];
        var ages = new long[rows];
        var prices = new double[rows];
        var cities = new string?[rows];
        var json = new string?[rows];
        for (var i = 0; i < rows; i++)
        {
            ids[i] = i;
            ages[i] = random.Next(100);
            prices[i] = random.NextDouble() * 100;
            cities[i] = ((char)('a' + random.Next(10))).ToString();
            var tag = random.Next(20);
            json[i] = $"{{\"score\": {random.Next(100)}, \"tag\": \"t{tag}\", \"tags\": [{tag}, {tag + 1}]}}";
        }

        return new FilterWorkload(new ColumnBatch(rows, new Dictionary<string, Column>
        {
            ["id"] = new PrimitiveColumn<long>(ids),
            ["age"] = new PrimitiveColumn<long>(ages),
            ["price"] = new PrimitiveColumn<double>(prices),
            ["city"] = BinaryColumn.FromStrings(cities),
            ["info"] = BinaryColumn.FromStrings(json),
        }));
    }

    public FilterPlan Compile(string expression) => FilterPlan.Compile(expression, Schema);

    /// <summary>Bytes of the columns an expression reads (what a scan has to touch), for the bandwidth column.</summary>
    public long BytesRead(FilterPlan plan) => plan.Fields.Sum(field => Batch.GetColumn(field) switch
    {
        PrimitiveColumn<long> c => (long)c.Values.Length * sizeof(long),
        PrimitiveColumn<double> c => (long)c.Values.Length * sizeof(double),
        BinaryColumn c => c.Data.Length + ((long)c.Offsets.Length * sizeof(int)),
        _ => 0L,
    });

    public static string Describe(int rows) =>
        new StringBuilder().Append(rows).Append(" rows: age Int64 [0,100), price Double [0,100), city VarChar a..j, info JSON {score [0,100), tag, tags}").ToString();
}

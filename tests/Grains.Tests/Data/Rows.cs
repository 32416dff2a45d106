using System.Globalization;
using OrleansVector.Grains.Interfaces.Protocol;
using OrleansVector.Index.Datasets;

namespace OrleansVector.Grains.Tests.Data;

/// <summary>
/// Generated rows of the test collection "items": id (Int64 key), vec (FloatVector), n (Int64, = id unless upserted),
/// tag (VarChar "t{id % 5}") and a dynamic key "even".
/// </summary>
internal static class Rows
{
    public static CollectionSchema Schema(int dim) => new()
    {
        EnableDynamicField = true,
        Fields =
        {
            TestCollections.PrimaryKey(),
            TestCollections.Vector("vec", dim),
            TestCollections.Scalar("n", DataType.Int64),
            TestCollections.VarChar("tag", 20),
        },
    };

    public static InsertRequest Insert(string collection, VectorArray<float> vectors, int start, int count, long nOffset = 0) => new()
    {
        DbName = "default",
        CollectionName = collection,
        NumRows = (uint)count,
        FieldsData =
        {
            Columns.Int64("id", [.. Enumerable.Range(start, count).Select(i => (long)i)]),
            Columns.Vectors("vec", vectors.Dim, vectors.Rows(start, count).ToArray()),
            Columns.Int64("n", [.. Enumerable.Range(start, count).Select(i => i + nOffset)]),
            Columns.VarChar("tag", [.. Enumerable.Range(start, count).Select(i => "t" + (i % 5).ToString(CultureInfo.InvariantCulture))]),
            Columns.Dynamic([.. Enumerable.Range(start, count).Select(i => i % 2 == 0 ? """{"even":true}""" : """{"even":false}""")]),
        },
    };

    public static UpsertRequest Upsert(string collection, VectorArray<float> vectors, int start, int count, long nOffset)
    {
        var insert = Insert(collection, vectors, start, count, nOffset);
        return new UpsertRequest { DbName = insert.DbName, CollectionName = collection, NumRows = insert.NumRows, FieldsData = { insert.FieldsData } };
    }
}

using OrleansVector.Grains.Interfaces.Milvus;
using OrleansVector.Grains.Interfaces.Protocol;
using KeyValuePair = OrleansVector.Grains.Interfaces.Protocol.KeyValuePair;
using OrleansVector.Grains.Rows;
using static OrleansVector.Grains.Tests.Data.TestCollections;

namespace OrleansVector.Grains.Tests.Data;

public sealed class InsertValidatorTests
{
    private static readonly SchemaView Schema = new(Info("people", dynamic: true,
        PrimaryKey(),
        Vector("vec", 2),
        VarChar("name", 5),
        Scalar("age", DataType.Int8),
        new FieldSchema { Name = "score", DataType = DataType.Float, Nullable = true },
        new FieldSchema { Name = "tag", DataType = DataType.VarChar, DefaultValue = new ValueField { StringData = "none" }, TypeParams = { new KeyValuePair { Key = "max_length", Value = "10" } } }));

    private static List<FieldData> Good() =>
    [
        Columns.Int64("id", 1, 2),
        Columns.Vectors("vec", 2, [1, 2, 3, 4]),
        Columns.VarChar("name", "ann", "bob"),
        Columns.Int32("age", DataType.Int8, 30, 40),
    ];

    [Fact]
    public void Valid_rows_are_normalized_with_nulls_defaults_and_an_empty_meta()
    {
        var rows = InsertValidator.Validate(Schema, Good(), 2, upsert: false);

        Assert.Equal(2, rows.RowCount);
        Assert.Equal(["id", "vec", "name", "age", "score", "tag", "$meta"], rows.Columns.Select(c => c.FieldName));
        Assert.Equal([false, false], rows.Column("score").ValidData);
        Assert.Equal(["none", "none"], rows.Column("tag").Scalars.StringData.Data);
        Assert.Equal(["{}", "{}"], rows.Column("$meta").Scalars.JsonData.Data.Select(b => b.ToStringUtf8()));
        Assert.Equal([1L, 2L], rows.PrimaryKeys!.Longs!);
        Assert.Equal(101, rows.Column("vec").FieldId);
    }

    [Fact]
    public void Compacted_nullable_column_expands_to_full_length_with_valid_data()
    {
        var columns = Good();
        columns.Add(Columns.WithValidity(Columns.Float("score", 9.5f), false, true));
        columns.Add(Columns.WithValidity(Columns.VarChar("tag", "x"), true, false));

        var rows = InsertValidator.Validate(Schema, columns, 2, upsert: false);

        var score = rows.Column("score");
        Assert.Equal([false, true], score.ValidData);
        Assert.Equal(9.5f, score.Scalars.FloatData.Data[1]);
        Assert.Equal(["x", "none"], rows.Column("tag").Scalars.StringData.Data);
    }

    [Fact]
    public void Dynamic_column_is_kept_when_every_row_is_a_json_object()
    {
        var columns = Good();
        columns.Add(Columns.Dynamic("""{"color":"red"}""", """{"n":1}"""));

        var rows = InsertValidator.Validate(Schema, columns, 2, upsert: false);

        Assert.Equal("""{"color":"red"}""", rows.Column("$meta").Scalars.JsonData.Data[0].ToStringUtf8());
    }

    public static TheoryData<string, MilvusErrorCode, string> BadInputs => new()
    {
        { "wrong dimension", MilvusErrorCode.ParameterInvalid, "'vec'" },
        { "wrong type", MilvusErrorCode.ParameterInvalid, "'age'" },
        { "missing field", MilvusErrorCode.ParameterMissing, "'name'" },
        { "missing primary key", MilvusErrorCode.ParameterMissing, "'id'" },
        { "duplicate primary keys", MilvusErrorCode.ParameterInvalid, "'id'" },
        { "varchar too long", MilvusErrorCode.ParameterInvalid, "'name'" },
        { "int8 out of range", MilvusErrorCode.ParameterInvalid, "'age'" },
        { "unknown field", MilvusErrorCode.FieldNotFound, "'height'" },
        { "null in non-nullable", MilvusErrorCode.ParameterInvalid, "'name'" },
        { "row count mismatch", MilvusErrorCode.ParameterInvalid, "'name'" },
        { "meta not an object", MilvusErrorCode.ParameterInvalid, "'$meta'" },
        { "nan in vector", MilvusErrorCode.ParameterInvalid, "'vec'" },
        { "no rows", MilvusErrorCode.ParameterInvalid, "num_rows" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void Bad_input_is_rejected_with_its_code_naming_the_field(string problem, MilvusErrorCode code, string named)
    {
        var columns = Good();
        uint rows = 2;
        switch (problem)
        {
            case "wrong dimension": columns[1] = Columns.Vectors("vec", 3, [1, 2, 3, 4, 5, 6]); break;
            case "wrong type": columns[3] = Columns.Int64("age", 30, 40); break;
            case "missing field": columns.RemoveAt(2); break;
            case "missing primary key": columns.RemoveAt(0); break;
            case "duplicate primary keys": columns[0] = Columns.Int64("id", 7, 7); break;
            case "varchar too long": columns[2] = Columns.VarChar("name", "ann", "bobbie"); break;
            case "int8 out of range": columns[3] = Columns.Int32("age", DataType.Int8, 30, 400); break;
            case "unknown field": columns.Add(Columns.Int64("height", 1, 2)); break;
            case "null in non-nullable": columns[2] = Columns.WithValidity(Columns.VarChar("name", "ann"), true, false); break;
            case "row count mismatch": columns[2] = Columns.VarChar("name", "ann"); break;
            case "meta not an object": columns.Add(Columns.Dynamic("[1]", "{}")); break;
            case "nan in vector": columns[1] = Columns.Vectors("vec", 2, [1, float.NaN, 3, 4]); break;
            case "no rows": rows = 0; break;
        }

        var error = Assert.Throws<MilvusException>(() => InsertValidator.Validate(Schema, columns, rows, upsert: false));

        Assert.Equal(code, error.Code);
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Auto_id_key_must_be_left_out_of_an_insert_but_given_in_an_upsert()
    {
        var auto = new SchemaView(Info("auto", dynamic: false, PrimaryKey(autoId: true), Vector("vec", 2)));
        List<FieldData> withKey = [Columns.Int64("id", 1), Columns.Vectors("vec", 2, [1, 2])];
        List<FieldData> withoutKey = [Columns.Vectors("vec", 2, [1, 2])];

        Assert.Equal(MilvusErrorCode.ParameterInvalid, Assert.Throws<MilvusException>(() => InsertValidator.Validate(auto, withKey, 1, upsert: false)).Code);
        Assert.Null(InsertValidator.Validate(auto, withoutKey, 1, upsert: false).PrimaryKeys);
        Assert.Equal([1L], InsertValidator.Validate(auto, withKey, 1, upsert: true).PrimaryKeys!.Longs!);
        Assert.Equal(MilvusErrorCode.ParameterMissing, Assert.Throws<MilvusException>(() => InsertValidator.Validate(auto, withoutKey, 1, upsert: true)).Code);
    }

    [Fact]
    public void Meta_column_is_rejected_without_dynamic_fields()
    {
        var plain = new SchemaView(Info("plain", dynamic: false, PrimaryKey(), Vector("vec", 2)));
        List<FieldData> columns = [Columns.Int64("id", 1), Columns.Vectors("vec", 2, [1, 2]), Columns.Dynamic("{}")];

        Assert.Equal(MilvusErrorCode.FieldNotFound, Assert.Throws<MilvusException>(() => InsertValidator.Validate(plain, columns, 1, upsert: false)).Code);
    }
}

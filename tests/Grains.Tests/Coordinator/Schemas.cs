using System.Globalization;
using Google.Protobuf;
using OrleansVector.Grains.Interfaces.Milvus;
using OrleansVector.Grains.Interfaces.Protocol;
using KeyValuePair = OrleansVector.Grains.Interfaces.Protocol.KeyValuePair;

namespace OrleansVector.Grains.Tests.Coordinator;

/// <summary>Schemas and requests the way SDKs build them.</summary>
public static class Schemas
{
    public static FieldSchema Int64Key(string name = "id", bool autoId = false) =>
        new() { Name = name, DataType = DataType.Int64, IsPrimaryKey = true, AutoID = autoId };

    public static FieldSchema VarCharKey(string name = "pk", int maxLength = 64) =>
        WithParam(new FieldSchema { Name = name, DataType = DataType.VarChar, IsPrimaryKey = true }, "max_length", maxLength);

    public static FieldSchema Vector(string name = "vector", int dim = 8, DataType type = DataType.FloatVector) =>
        WithParam(new FieldSchema { Name = name, DataType = type }, "dim", dim);

    public static FieldSchema Scalar(string name, DataType type) => new() { Name = name, DataType = type };

    public static FieldSchema VarChar(string name, int maxLength) =>
        WithParam(new FieldSchema { Name = name, DataType = DataType.VarChar }, "max_length", maxLength);

    public static FieldSchema WithParam(FieldSchema field, string key, long value)
    {
        field.TypeParams.Add(new KeyValuePair { Key = key, Value = value.ToString(CultureInfo.InvariantCulture) });
        return field;
    }

    public static CreateCollectionRequest Create(string name, params FieldSchema[] fields) => Create(name, new CollectionSchema(), fields);

    public static CreateCollectionRequest Create(string name, CollectionSchema schema, params FieldSchema[] fields)
    {
        schema.Name = name;
        schema.Fields.AddRange(fields);
        return new CreateCollectionRequest { CollectionName = name, Schema = schema.ToByteString(), ConsistencyLevel = ConsistencyLevel.Bounded };
    }

    /// <summary>The usual collection: Int64 key "id" and an 8-dimensional float vector "vector".</summary>
    public static CreateCollectionRequest Simple(string name) => Create(name, Int64Key(), Vector());

    public static CreateIndexRequest IndexRequest(string collection, string field, params (string Key, string Value)[] parameters)
    {
        var request = new CreateIndexRequest { CollectionName = collection, FieldName = field };
        request.ExtraParams.AddRange(parameters.Select(p => new KeyValuePair { Key = p.Key, Value = p.Value }));
        return request;
    }

    public static void AssertSuccess(Status status) => Assert.True(status.Code == 0 && status.ErrorCode == ErrorCode.Success, $"expected success, got {status.Code}: {status.Reason}");

    /// <summary>Asserts the Milvus code, the legacy code that goes with it, and that the message names <paramref name="named"/>.</summary>
    public static void AssertError(Status status, MilvusErrorCode code, string named)
    {
        Assert.True(status.Code == (int)code, $"expected code {(int)code} ({code}), got {status.Code}: {status.Reason}");
        Assert.Equal(MilvusStatus.LegacyCode(code), status.ErrorCode);
        Assert.Contains(named, status.Reason, StringComparison.Ordinal);
    }

    /// <summary>The value after <paramref name="change"/>: a one-line variation of a request or field.</summary>
    public static T With<T>(T value, Action<T> change)
    {
        change(value);
        return value;
    }
}

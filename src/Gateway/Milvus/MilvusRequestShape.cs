using Google.Protobuf;
using Google.Protobuf.Reflection;
using OrleansVector.Grains.Interfaces.Milvus;
using OrleansVector.Grains.Interfaces.Protocol;

namespace OrleansVector.Gateway.Milvus;

/// <summary>
/// What the gateway checks and fills in on every MilvusService request before a grain sees it, found once per message
/// type from its descriptor: the database (filled from the dbname header when empty, as Milvus's database interceptor
/// does, else "default") and the names the request carries, which must follow <see cref="MilvusNames"/>.
/// </summary>
internal static class MilvusRequestShape<TRequest> where TRequest : IMessage<TRequest>, new()
{
    private static readonly MessageDescriptor Descriptor = new TRequest().Descriptor;

    /// <summary>Requests that name the database they act on, so the header must not stand in for it.</summary>
    private static readonly bool NamesItsDatabase = typeof(TRequest) == typeof(CreateDatabaseRequest) || typeof(TRequest) == typeof(DropDatabaseRequest);

    /// <summary>Requests whose collection is optional (a filter) rather than the object acted on.</summary>
    private static readonly bool CollectionOptional = typeof(TRequest) == typeof(ListAliasesRequest) || typeof(TRequest) == typeof(GetFlushStateRequest);

    private static readonly bool PartitionRequired = typeof(TRequest) == typeof(CreatePartitionRequest) || typeof(TRequest) == typeof(DropPartitionRequest)
        || typeof(TRequest) == typeof(HasPartitionRequest) || typeof(TRequest) == typeof(GetPartitionStatisticsRequest);

    private static readonly FieldDescriptor? Database = Find("db_name", "dbName");
    private static readonly FieldDescriptor? Collection = Find("collection_name", "collectionName", "oldName");
    private static readonly FieldDescriptor? CollectionId = Find("collectionID");
    private static readonly FieldDescriptor? Partition = Find("partition_name");
    private static readonly FieldDescriptor? Alias = Find("alias");
    private static readonly FieldDescriptor? NewName = Find("newName");
    private static readonly FieldDescriptor? NewDatabase = Find("newDBName");
    private static readonly FieldDescriptor? Partitions = Find("partition_names");
    private static readonly FieldDescriptor? Collections = Find("collection_names");

    /// <summary>Fills the database from <paramref name="databaseHeader"/> where the request left it empty, then validates every name.</summary>
    /// <exception cref="MilvusException">ParameterInvalid naming the field and the rule it breaks.</exception>
    public static void Prepare(TRequest request, string? databaseHeader)
    {
        if (Database is not null)
        {
            var database = Get(Database, request);
            if (database.Length == 0 && !NamesItsDatabase)
            {
                database = string.IsNullOrEmpty(databaseHeader) ? MilvusNames.DefaultDatabase : databaseHeader;
                Database.Accessor.SetValue(request, database);
            }
            MilvusNames.Validate("database", database);
        }
        if (Collection is not null)
        {
            var name = Get(Collection, request);
            var byId = CollectionId is not null && (long)CollectionId.Accessor.GetValue(request) != 0;
            if (name.Length > 0 || !(CollectionOptional || byId))
            {
                MilvusNames.Validate("collection", name);
            }
        }
        if (Partition is not null && (PartitionRequired || Get(Partition, request).Length > 0))
        {
            MilvusNames.Validate("partition", Get(Partition, request));
        }
        ValidateRequired(Alias, "alias", request);
        ValidateRequired(NewName, "collection", request);
        if (NewDatabase is not null && Get(NewDatabase, request) is { Length: > 0 } newDatabase)
        {
            MilvusNames.Validate("database", newDatabase);
        }
        ValidateEach(Partitions, "partition", request);
        ValidateEach(Collections, "collection", request);
    }

    private static void ValidateRequired(FieldDescriptor? field, string kind, TRequest request)
    {
        if (field is not null)
        {
            MilvusNames.Validate(kind, Get(field, request));
        }
    }

    private static void ValidateEach(FieldDescriptor? field, string kind, TRequest request)
    {
        if (field?.Accessor.GetValue(request) is IEnumerable<string> names)
        {
            foreach (var name in names)
            {
                MilvusNames.Validate(kind, name);
            }
        }
    }

    private static string Get(FieldDescriptor field, TRequest request) => (string)field.Accessor.GetValue(request);

    private static FieldDescriptor? Find(params string[] names) =>
        names.Select(Descriptor.FindFieldByName).FirstOrDefault(f => f is not null && (f.FieldType == FieldType.String || f.FieldType == FieldType.Int64));
}

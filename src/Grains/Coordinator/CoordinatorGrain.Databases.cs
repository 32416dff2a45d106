using OrleansVector.Grains.Interfaces.Messages;
using OrleansVector.Grains.Interfaces.Milvus;
using OrleansVector.Grains.Interfaces.Protocol;
using OrleansVector.Grains.Schema;

namespace OrleansVector.Grains.Coordinator;

// Databases: "default" always exists and cannot be dropped; a database must be empty to be dropped.
public sealed partial class CoordinatorGrain
{
    public Task<Status> CreateDatabase(CreateDatabaseRequest request) => ChangeAsync(nameof(CreateDatabase), async () =>
    {
        MilvusNames.Validate("database", request.DbName, MilvusErrorCode.DatabaseInvalidName);
        if (State.FindDatabase(request.DbName) is not null)
        {
            throw new MilvusException(MilvusErrorCode.ParameterInvalid, $"Database '{request.DbName}' already exists.");
        }
        if (State.Databases.Count() >= _options.MaxDatabases)
        {
            throw new MilvusException(MilvusErrorCode.DatabaseNumLimitExceeded, $"There are already {_options.MaxDatabases} databases, the most allowed.");
        }
        var database = new DatabaseInfo
        {
            Id = await _storage.Ids.NextAsync(),
            Name = request.DbName,
            CreatedTimestamp = await NowAsync(),
        };
        database.Properties.AddRange(request.Properties);
        await _catalog.CommitAsync(new CatalogChange().Put(database));
        return null;
    });

    public Task<Status> DropDatabase(DropDatabaseRequest request) => ChangeAsync(nameof(DropDatabase), async () =>
    {
        if (DatabaseName(request.DbName) == DefaultDatabase)
        {
            throw new MilvusException(MilvusErrorCode.ParameterInvalid, "The database 'default' cannot be dropped.");
        }
        if (State.FindDatabase(request.DbName) is not { } database)
        {
            // Dropping is idempotent, as in Milvus.
            return null;
        }
        if (State.CollectionsOf(database.Name).FirstOrDefault() is { } collection)
        {
            throw new MilvusException(MilvusErrorCode.ParameterInvalid,
                $"Database '{database.Name}' is not empty (collection '{collection.Name}'); drop its collections first.");
        }
        await _catalog.CommitAsync(new CatalogChange().Delete(database));
        return null;
    });

    public Task<ListDatabasesResponse> ListDatabases(ListDatabasesRequest request) => ReadAsync(() =>
    {
        var response = new ListDatabasesResponse();
        foreach (var database in State.Databases)
        {
            response.DbNames.Add(database.Name);
            response.DbIds.Add(database.Id);
            response.CreatedTimestamp.Add(database.CreatedTimestamp);
        }
        return response;
    });
}

using OrleansVector.Grains.Interfaces.Messages;
using OrleansVector.Grains.Interfaces.Milvus;
using OrleansVector.Grains.Interfaces.Protocol;
using OrleansVector.Grains.Schema;

namespace OrleansVector.Grains.Coordinator;

// Aliases: another name for a collection in the same database; never the name of a collection, never an alias of an alias.
public sealed partial class CoordinatorGrain
{
    public Task<Status> CreateAlias(CreateAliasRequest request) => ChangeAsync(nameof(CreateAlias), async () =>
    {
        var database = RequireDatabase(request.DbName);
        var collection = RequireAliasTarget(database.Name, request.CollectionName);
        MilvusNames.Validate("alias", request.Alias);
        if (State.FindByName(database.Name, request.Alias) is not null)
        {
            throw new MilvusException(MilvusErrorCode.AliasCollectionNameConflict,
                $"The alias '{request.Alias}' is the name of a collection in database '{database.Name}'.");
        }
        if (State.FindByAlias(database.Name, request.Alias) is { } current)
        {
            return current.Id == collection.Id
                ? null
                : throw new MilvusException(MilvusErrorCode.AliasAlreadyExists,
                    $"The alias '{request.Alias}' already exists in database '{database.Name}' and belongs to collection '{current.Name}'.");
        }
        var updated = collection.Clone();
        updated.Aliases.Add(request.Alias);
        await _catalog.CommitAsync(new CatalogChange().Put(updated));
        return () => RefreshAsync(updated.Id);
    });

    public Task<Status> DropAlias(DropAliasRequest request) => ChangeAsync(nameof(DropAlias), async () =>
    {
        var database = RequireDatabase(request.DbName);
        if (State.FindByAlias(database.Name, request.Alias) is not { } collection)
        {
            // Dropping is idempotent, as in Milvus.
            return null;
        }
        var updated = collection.Clone();
        updated.Aliases.Remove(request.Alias);
        await _catalog.CommitAsync(new CatalogChange().Put(updated));
        return () => RefreshAsync(updated.Id);
    });

    public Task<Status> AlterAlias(AlterAliasRequest request) => ChangeAsync(nameof(AlterAlias), async () =>
    {
        var database = RequireDatabase(request.DbName);
        var target = RequireAliasTarget(database.Name, request.CollectionName);
        var current = RequireAlias(database.Name, request.Alias);
        if (current.Id == target.Id)
        {
            return null;
        }
        var from = current.Clone();
        from.Aliases.Remove(request.Alias);
        var to = target.Clone();
        to.Aliases.Add(request.Alias);
        // Both records in one transaction: the alias never points at two collections, or at none.
        await _catalog.CommitAsync(new CatalogChange().Put(from).Put(to));
        return async () =>
        {
            await RefreshAsync(from.Id);
            await RefreshAsync(to.Id);
        };
    });

    public Task<DescribeAliasResponse> DescribeAlias(DescribeAliasRequest request) => ReadAsync(() =>
    {
        var database = RequireDatabase(request.DbName);
        return new DescribeAliasResponse
        {
            DbName = database.Name,
            Alias = request.Alias,
            Collection = RequireAlias(database.Name, request.Alias).Name,
        };
    });

    public Task<ListAliasesResponse> ListAliases(ListAliasesRequest request) => ReadAsync(() =>
    {
        var database = RequireDatabase(request.DbName);
        var response = new ListAliasesResponse { DbName = database.Name, CollectionName = request.CollectionName };
        var collections = string.IsNullOrEmpty(request.CollectionName)
            ? State.CollectionsOf(database.Name)
            : [RequireCollection(database.Name, request.CollectionName)];
        response.Aliases.AddRange(collections.SelectMany(c => c.Aliases));
        return response;
    });

    /// <summary>A collection an alias may point at: named by its own name, not by another alias.</summary>
    private CollectionInfo RequireAliasTarget(string db, string name)
    {
        if (State.FindByAlias(db, name) is not null)
        {
            throw new MilvusException(MilvusErrorCode.ParameterInvalid, $"'{name}' is an alias; an alias must point at a collection by its name.");
        }
        return State.FindByName(db, name)
            ?? throw new MilvusException(MilvusErrorCode.CollectionNotFound, $"Collection '{name}' does not exist in database '{db}'.");
    }

    private CollectionInfo RequireAlias(string db, string alias) =>
        State.FindByAlias(db, alias) ?? throw new MilvusException(MilvusErrorCode.AliasNotFound, $"The alias '{alias}' does not exist in database '{db}'.");
}

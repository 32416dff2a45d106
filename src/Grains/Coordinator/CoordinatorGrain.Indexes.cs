using OrleansVector.Grains.Interfaces.Messages;
using OrleansVector.Grains.Interfaces.Milvus;
using OrleansVector.Grains.Interfaces.Protocol;
using OrleansVector.Grains.Schema;

namespace OrleansVector.Grains.Coordinator;

// Index definitions: one per field; progress and state from the segment registry.
public sealed partial class CoordinatorGrain
{
    public Task<Status> CreateIndex(CreateIndexRequest request) => ChangeAsync(nameof(CreateIndex), async () =>
    {
        var collection = RequireCollection(request.DbName, request.CollectionName);
        var field = RequireIndexedField(collection, request.FieldName);
        var parameters = IndexParameters.Resolve(field, request.ExtraParams);
        var name = string.IsNullOrEmpty(request.IndexName) ? field.Name : request.IndexName;
        MilvusNames.Validate("index", name);
        if (collection.Indexes.FirstOrDefault(i => i.FieldId == field.FieldID) is { } existing)
        {
            // The same index again succeeds, as in Milvus; a second, different one on the field does not.
            return existing.IndexName == name && IndexParameters.SameAs(existing.Params, parameters)
                ? null
                : throw new MilvusException(MilvusErrorCode.IndexDuplicate,
                    $"Field '{field.Name}' already has index '{existing.IndexName}' with other parameters; at most one distinct index is allowed per field.");
        }
        if (collection.Indexes.FirstOrDefault(i => i.IndexName == name) is { } sameName)
        {
            throw new MilvusException(MilvusErrorCode.IndexDuplicate, $"The index name '{name}' is already used by field '{sameName.FieldName}'.");
        }
        var index = new IndexDefinition
        {
            IndexId = await _storage.Ids.NextAsync(),
            IndexName = name,
            FieldId = field.FieldID,
            FieldName = field.Name,
            CreatedTimestamp = await NowAsync(),
        };
        index.Params.AddRange(parameters);
        var updated = collection.Clone();
        updated.Indexes.Add(index);
        var change = new CatalogChange().Put(updated);
        var (segments, builds) = await PlanBuildsAsync(updated, LiveSegments(updated), reissue: false);
        segments.ForEach(s => change.Put(s));
        await _catalog.CommitAsync(change);
        return async () =>
        {
            await RefreshAsync(updated.Id);
            StartBuilds(builds);
        };
    });

    public Task<DescribeIndexResponse> DescribeIndex(DescribeIndexRequest request) => ReadAsync(() =>
    {
        var collection = RequireCollection(request.DbName, request.CollectionName);
        var response = new DescribeIndexResponse();
        foreach (var index in FindIndexes(collection, request.IndexName, request.FieldName))
        {
            var progress = IndexProgress.Of(index, LiveSegments(collection));
            var description = new IndexDescription
            {
                IndexName = index.IndexName,
                IndexID = index.IndexId,
                FieldName = index.FieldName,
                TotalRows = progress.TotalRows,
                IndexedRows = progress.IndexedRows,
                PendingIndexRows = progress.PendingRows,
                State = progress.State,
                IndexStateFailReason = progress.FailReason,
            };
            description.Params.AddRange(index.Params);
            response.IndexDescriptions.Add(description);
        }
        return response;
    });

    public Task<Status> DropIndex(DropIndexRequest request) => ChangeAsync(nameof(DropIndex), async () =>
    {
        var collection = RequireCollection(request.DbName, request.CollectionName);
        var indexes = collection.Indexes.Where(i => Matches(i, request.IndexName, request.FieldName)).ToList();
        if (indexes.Count == 0)
        {
            // Dropping is idempotent, as in Milvus.
            return null;
        }
        if (collection.LoadState != LoadState.NotLoad)
        {
            throw new MilvusException(MilvusErrorCode.ParameterInvalid,
                $"Index '{indexes[0].IndexName}' cannot be dropped while collection '{collection.Name}' is loaded; release it first.");
        }
        // Segment records keep their entries for the dropped index id; nothing reads them any more, and a new index gets a new id.
        var updated = collection.Clone();
        foreach (var index in indexes)
        {
            updated.Indexes.Remove(updated.Indexes.First(i => i.IndexId == index.IndexId));
        }
        await _catalog.CommitAsync(new CatalogChange().Put(updated));
        return () => RefreshAsync(updated.Id);
    });

    public Task<GetIndexStateResponse> GetIndexState(GetIndexStateRequest request) => ReadAsync(() =>
    {
        var collection = RequireCollection(request.DbName, request.CollectionName);
        var progress = IndexProgress.Of(FindIndexes(collection, request.IndexName, request.FieldName)[0], LiveSegments(collection));
        return new GetIndexStateResponse { State = progress.State, FailReason = progress.FailReason };
    });

    public Task<GetIndexBuildProgressResponse> GetIndexBuildProgress(GetIndexBuildProgressRequest request) => ReadAsync(() =>
    {
        var collection = RequireCollection(request.DbName, request.CollectionName);
        var progress = IndexProgress.Of(FindIndexes(collection, request.IndexName, request.FieldName)[0], LiveSegments(collection));
        return new GetIndexBuildProgressResponse { TotalRows = progress.TotalRows, IndexedRows = progress.IndexedRows };
    });

    /// <summary>The field CreateIndex names; without a name, the collection's only vector field.</summary>
    private static FieldSchema RequireIndexedField(CollectionInfo collection, string fieldName)
    {
        if (string.IsNullOrEmpty(fieldName))
        {
            var vectors = collection.Schema.Fields.Where(f => DataTypes.IsVector(f.DataType)).ToList();
            return vectors.Count == 1
                ? vectors[0]
                : throw new MilvusException(MilvusErrorCode.ParameterInvalid,
                    $"Collection '{collection.Name}' has {vectors.Count} vector fields; name the field to index.");
        }
        return collection.Schema.Fields.FirstOrDefault(f => f.Name == fieldName && !f.IsDynamic)
            ?? throw new MilvusException(MilvusErrorCode.FieldNotFound, $"Field '{fieldName}' does not exist in collection '{collection.Name}'.");
    }

    /// <summary>The indexes named (by index name and/or field name; all when neither is given); IndexNotFound (700) when none.</summary>
    private static List<IndexDefinition> FindIndexes(CollectionInfo collection, string indexName, string fieldName)
    {
        var indexes = collection.Indexes.Where(i => Matches(i, indexName, fieldName)).ToList();
        return indexes.Count > 0
            ? indexes
            : throw new MilvusException(MilvusErrorCode.IndexNotFound,
                $"There is no index{(string.IsNullOrEmpty(indexName) ? "" : $" named '{indexName}'")}{(string.IsNullOrEmpty(fieldName) ? "" : $" on field '{fieldName}'")} in collection '{collection.Name}'.");
    }

    private static bool Matches(IndexDefinition index, string indexName, string fieldName) =>
        (string.IsNullOrEmpty(indexName) || index.IndexName == indexName) && (string.IsNullOrEmpty(fieldName) || index.FieldName == fieldName);
}

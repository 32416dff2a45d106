using OrleansVector.Grains.Interfaces.Messages;
using OrleansVector.Runtime;

namespace OrleansVector.Grains.Interfaces.Indexing;

/// <summary>
/// Builds the index defined on a field of one sealed segment from its binlogs and writes the index files to the object
/// store. The implementation is a [StatelessWorker] pool on every silo (Milvus's index nodes); use the key <see cref="Coordinator.CoordinatorKey.Value"/>.
/// </summary>
public interface IIndexBuilderGrain : IGrainWithIntegerKey
{
    /// <summary>Builds and reports the result: Finished with files and indexed rows, or Failed with the reason.</summary>
    /// <remarks>An HNSW build over a large segment takes minutes; the default 30 s response timeout would record it as failed.</remarks>
    [ResponseTimeout("02:00:00")]
    Task<IndexBuildResponse> Build(IndexBuildRequest request);
}

using OrleansVector.Grains.Interfaces.Messages;
using OrleansVector.Runtime;

namespace OrleansVector.Grains.Interfaces.Compaction;

/// <summary>
/// Merges sealed segments into one (Milvus's data node compaction task): reads the sources' binlogs and delta logs, and
/// writes the rows not deleted as of the plan's timestamp as a new segment's binlogs and stats log. The implementation is
/// a [StatelessWorker] pool on every silo; use the key <see cref="Coordinator.CoordinatorKey.Value"/>.
/// </summary>
public interface ICompactorGrain : IGrainWithIntegerKey
{
    [ResponseTimeout("02:00:00")]
    Task<CompactionPlanResponse> Compact(CompactionPlan plan);
}

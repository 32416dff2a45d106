using Microsoft.Extensions.Logging;
using OrleansVector.Grains.Hosting;
using OrleansVector.Grains.Interfaces.Compaction;
using OrleansVector.Grains.Interfaces.Messages;
using OrleansVector.Grains.Interfaces.Milvus;
using OrleansVector.Runtime;

namespace OrleansVector.Grains.Compaction;

/// <summary>Runs compaction plans (Milvus's data node compaction): a pool on every silo, holding nothing between calls.</summary>
[StatelessWorker]
public sealed partial class CompactorGrain(DatabaseStorage storage, ILogger<CompactorGrain> logger) : Grain, ICompactorGrain
{
    public async Task<CompactionPlanResponse> Compact(CompactionPlan plan)
    {
        try
        {
            var result = await SegmentMerger.MergeAsync(storage.Objects, plan);
            LogMerged(logger, plan.PlanId, plan.Sources.Count, plan.Sources.Sum(s => s.NumRows), result.Id, result.NumRows);
            return new CompactionPlanResponse { Status = MilvusStatus.Success(), Result = result };
        }
        catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException or InvalidOperationException or InvalidCastException)
        {
            LogFailed(logger, e, plan.PlanId);
            return new CompactionPlanResponse { Status = MilvusStatus.Error(MilvusErrorCode.ServiceInternal, $"Compaction plan {plan.PlanId} failed: {e.Message}") };
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Compaction plan {PlanId} merged {Sources} segments ({Rows} rows) into segment {ResultId} ({Kept} rows)")]
    private static partial void LogMerged(ILogger logger, long planId, int sources, long rows, long resultId, long kept);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Compaction plan {PlanId} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, long planId);
}

using OrleansVector.Grains.Interfaces.Messages;
using OrleansVector.Grains.Interfaces.Protocol;

namespace OrleansVector.Grains.Coordinator;

/// <summary>
/// One compaction the coordinator started (manual or on its timer): the state of each of its plans, kept as the catalog
/// record <see cref="Info"/> that survives a coordinator restart.
/// </summary>
internal sealed class CompactionRun
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public CompactionRun(CompactionRunInfo info)
    {
        Info = info;
        CompleteWhenDone();
    }

    /// <summary>The record as the catalog should hold it now; replaced, never modified, as plans end.</summary>
    public CompactionRunInfo Info { get; private set; }

    public long Id => Info.Id;

    public int Plans => Info.PlanStates.Count;

    public int Executing => Count(CompactionPlanState.Executing);

    /// <summary>Completes once no plan is executing.</summary>
    public Task Done => _done.Task;

    public void PlanFinished(int plan, bool succeeded)
    {
        var next = Info.Clone();
        next.PlanStates[plan] = succeeded ? CompactionPlanState.Completed : CompactionPlanState.Failed;
        Info = next;
        CompleteWhenDone();
    }

    /// <summary>
    /// The record of a run whose coordinator stopped: a plan still executing then has ended, completed when the registry
    /// holds its merged segment (the shard's swap recorded it) and failed otherwise. Null when nothing was executing.
    /// </summary>
    public static CompactionRunInfo? Interrupted(CompactionRunInfo info, Func<long, bool> recorded)
    {
        if (!info.PlanStates.Contains(CompactionPlanState.Executing))
        {
            return null;
        }
        var ended = info.Clone();
        for (var plan = 0; plan < ended.PlanStates.Count; plan++)
        {
            if (ended.PlanStates[plan] == CompactionPlanState.Executing)
            {
                ended.PlanStates[plan] = recorded(ended.ResultSegmentIds[plan]) ? CompactionPlanState.Completed : CompactionPlanState.Failed;
            }
        }
        return ended;
    }

    public GetCompactionStateResponse ToState() => new()
    {
        State = Executing > 0 ? CompactionState.Executing : CompactionState.Completed,
        ExecutingPlanNo = Executing,
        CompletedPlanNo = Count(CompactionPlanState.Completed),
        FailedPlanNo = Count(CompactionPlanState.Failed),
    };

    private int Count(CompactionPlanState state) => Info.PlanStates.Count(s => s == state);

    private void CompleteWhenDone()
    {
        if (Executing == 0)
        {
            _done.TrySetResult();
        }
    }
}

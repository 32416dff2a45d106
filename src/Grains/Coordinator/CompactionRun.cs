using OrleansVector.Grains.Interfaces.Protocol;

namespace OrleansVector.Grains.Coordinator;

/// <summary>One compaction the coordinator started (manual or on its timer): how many of its plans run, finished or failed.</summary>
internal sealed class CompactionRun(long id, int plans)
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public long Id { get; } = id;

    public int Plans { get; } = plans;

    public int Completed { get; private set; }

    public int Failed { get; private set; }

    public int Executing => Plans - Completed - Failed;

    /// <summary>Completes once no plan is executing.</summary>
    public Task Done => Plans == 0 ? Task.CompletedTask : _done.Task;

    public void PlanFinished(bool succeeded)
    {
        if (succeeded)
        {
            Completed++;
        }
        else
        {
            Failed++;
        }
        if (Executing == 0)
        {
            _done.TrySetResult();
        }
    }

    public GetCompactionStateResponse ToState() => new()
    {
        State = Executing > 0 ? CompactionState.Executing : CompactionState.Completed,
        ExecutingPlanNo = Executing,
        CompletedPlanNo = Completed,
        FailedPlanNo = Failed,
    };
}

namespace OrleansVector.Runtime.Scheduling;

/// <summary>
/// The <see cref="TaskScheduler"/> of one activation. Grain code runs with it as <see cref="TaskScheduler.Current"/>, so every
/// await continuation in grain code comes back to the activation's queue and turns never run in parallel.
/// Code that uses ConfigureAwait(false) leaves the activation and loses that guarantee.
/// </summary>
internal sealed class ActivationTaskScheduler(WorkItemGroup group) : TaskScheduler
{
    public WorkItemGroup Group { get; } = group;

    public override int MaximumConcurrencyLevel => 1;

    protected override void QueueTask(Task task) => Group.Enqueue(task);

    /// <summary>Inline only when already running this activation's queue on this thread.</summary>
    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) =>
        !taskWasPreviouslyQueued && WorkItemGroup.Current == Group && TryExecuteTask(task);

    protected override IEnumerable<Task>? GetScheduledTasks() => Group.Snapshot();

    internal bool RunTask(Task task) => TryExecuteTask(task);
}

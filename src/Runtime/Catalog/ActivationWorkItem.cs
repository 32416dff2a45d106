namespace OrleansVector.Runtime.Catalog;

/// <summary>Something that runs as a turn of an activation through its request gate: a request or a timer tick.</summary>
internal abstract class ActivationWorkItem
{
    /// <summary>Interleaves with other read-only work only.</summary>
    public abstract bool IsReadOnly { get; }

    /// <summary>Runs alongside anything and never blocks others.</summary>
    public abstract bool IsAlwaysInterleave { get; }

    /// <summary>Whether finishing it resets the activation's idle clock.</summary>
    public abstract bool KeepsAlive { get; }

    /// <summary>Runs the work on the activation's scheduler; must not throw.</summary>
    public abstract Task RunAsync(ActivationData activation);

    /// <summary>The activation went away before this ran: send it elsewhere or fail it.</summary>
    public abstract void OnActivationGone(ActivationData activation, Exception? failure);
}

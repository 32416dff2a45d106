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

    /// <summary>The activation it was last started on.</summary>
    public ActivationData? Activation { get; set; }

    /// <summary>Runs the work on the activation's scheduler; must not throw.</summary>
    public abstract Task RunAsync(ActivationData activation);

    /// <summary>
    /// Called once the activation no longer counts the item as running: a request answers its caller only now, so a
    /// caller that got its response finds the activation idle (the idle collector relies on it).
    /// </summary>
    public virtual void Finish()
    {
    }

    /// <summary>The activation went away before this ran: send it elsewhere or fail it.</summary>
    public abstract void OnActivationGone(ActivationData activation, Exception? failure);
}

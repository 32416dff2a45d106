namespace OrleansVector.Runtime;

/// <summary>Where a silo is in its life.</summary>
public enum SiloLifecycleStatus
{
    Created,
    Joining,
    Active,
    ShuttingDown,
    Stopped,

    /// <summary>Lost its lease: serves nothing until it has joined again with a new generation.</summary>
    Fenced,

    /// <summary>Killed (test crash): no graceful step at all.</summary>
    Dead,
}

using Google.Protobuf;

namespace OrleansVector.Runtime;

/// <summary>
/// A named piece of grain state in a storage provider, read before OnActivateAsync and written explicitly. Every write
/// carries the ETag of the last read or write; a stale one throws <see cref="InconsistentStateException"/> and the runtime
/// deactivates the activation, which is the final guard against two activations of one grain.
/// Inject it with a constructor parameter marked <see cref="PersistentStateAttribute"/>.
/// </summary>
public interface IPersistentState<TState> where TState : IMessage<TState>, new()
{
    TState State { get; set; }

    /// <summary>The version of the stored record this activation last saw; null when there is none.</summary>
    string? Etag { get; }

    bool RecordExists { get; }

    Task ReadStateAsync();

    Task WriteStateAsync();

    Task ClearStateAsync();
}

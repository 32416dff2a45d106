using Google.Protobuf;
using OrleansVector.Runtime.Catalog;

namespace OrleansVector.Runtime.Persistence;

/// <summary>
/// The runtime's <see cref="IPersistentState{TState}"/>: protobuf-serialized state in an <see cref="IGrainStorage"/>.
/// A write with a stale ETag deactivates the activation before the exception reaches grain code.
/// </summary>
internal sealed class PersistentState<TState>(ActivationData activation, string stateName, IGrainStorage storage) : IPersistentState<TState>, IActivationStateLoader
    where TState : IMessage<TState>, new()
{
    private static readonly MessageParser<TState> s_parser = new(() => new TState());

    public TState State { get; set; } = new();

    public string? Etag { get; private set; }

    public bool RecordExists => Etag is not null;

    public async Task ReadStateAsync()
    {
        var stored = await storage.ReadAsync(stateName, activation.GrainId, CancellationToken.None);
        State = stored is null ? new TState() : s_parser.ParseFrom(stored.Data);
        Etag = stored?.ETag;
    }

    public async Task WriteStateAsync()
    {
        try
        {
            Etag = await storage.WriteAsync(stateName, activation.GrainId, State.ToByteArray(), Etag, CancellationToken.None);
        }
        catch (InconsistentStateException exception)
        {
            activation.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationError, $"state '{stateName}' was written by someone else", exception));
            throw;
        }
    }

    public async Task ClearStateAsync()
    {
        try
        {
            await storage.ClearAsync(stateName, activation.GrainId, Etag, CancellationToken.None);
            Etag = null;
            State = new TState();
        }
        catch (InconsistentStateException exception)
        {
            activation.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationError, $"state '{stateName}' was written by someone else", exception));
            throw;
        }
    }

    Task IActivationStateLoader.LoadAsync() => ReadStateAsync();
}

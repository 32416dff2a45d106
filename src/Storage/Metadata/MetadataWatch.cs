using System.Threading.Channels;

namespace OrleansVector.Storage.Metadata;

/// <summary>
/// A running watch. <see cref="Events"/> yields changes in revision order; it completes when the watch is disposed or
/// the store closes, and faults when the watch is lost (e.g. <see cref="MetadataCompactedException"/>).
/// </summary>
public sealed class MetadataWatch : IAsyncDisposable
{
    private readonly Func<ValueTask> _stop;

    internal MetadataWatch(ChannelReader<MetadataEvent> events, Func<ValueTask> stop)
    {
        Events = events;
        _stop = stop;
    }

    public ChannelReader<MetadataEvent> Events { get; }

    public ValueTask DisposeAsync() => _stop();
}

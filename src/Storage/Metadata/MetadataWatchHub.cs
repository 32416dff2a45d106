using System.Threading.Channels;

namespace OrleansVector.Storage.Metadata;

/// <summary>
/// Watches of the local metadata store: fans committed changes out to subscribers by prefix and keeps a bounded
/// history so a watch can start at a recent revision. Publish is called in revision order.
/// </summary>
internal sealed class MetadataWatchHub
{
    private readonly object _lock = new();
    private readonly List<(string Prefix, Channel<MetadataEvent> Channel)> _subscribers = [];
    private readonly Queue<MetadataEvent> _history = new();
    private readonly int _historyLimit;
    private long _historyStart;

    /// <param name="historyLimit">changes kept for watches that start in the past.</param>
    /// <param name="currentRevision">the revision at open; history covers the revisions after it.</param>
    public MetadataWatchHub(int historyLimit, long currentRevision)
    {
        _historyLimit = historyLimit;
        _historyStart = currentRevision + 1;
    }

    public MetadataWatch Subscribe(string prefix, long fromRevision, long currentRevision)
    {
        var channel = Channel.CreateUnbounded<MetadataEvent>(new UnboundedChannelOptions { SingleWriter = true });
        lock (_lock)
        {
            if (fromRevision != 0 && fromRevision <= currentRevision)
            {
                if (fromRevision < _historyStart)
                {
                    throw new MetadataCompactedException(
                        $"the local metadata store keeps changes from revision {_historyStart} on; a watch from {fromRevision} must scan first");
                }
                foreach (var change in _history)
                {
                    if (change.Revision >= fromRevision && change.Key.StartsWith(prefix, StringComparison.Ordinal))
                    {
                        channel.Writer.TryWrite(change);
                    }
                }
            }
            _subscribers.Add((prefix, channel));
        }
        return new MetadataWatch(channel.Reader, () =>
        {
            lock (_lock)
            {
                _subscribers.RemoveAll(s => s.Channel == channel);
            }
            channel.Writer.TryComplete();
            return ValueTask.CompletedTask;
        });
    }

    public void Publish(IReadOnlyList<MetadataEvent> changes)
    {
        lock (_lock)
        {
            foreach (var change in changes)
            {
                _history.Enqueue(change);
                foreach (var (prefix, channel) in _subscribers)
                {
                    if (change.Key.StartsWith(prefix, StringComparison.Ordinal))
                    {
                        channel.Writer.TryWrite(change);
                    }
                }
            }
            while (_history.Count > _historyLimit)
            {
                _historyStart = _history.Dequeue().Revision + 1;
            }
            // A revision is either whole in the history or not at all.
            while (_history.TryPeek(out var oldest) && oldest.Revision < _historyStart)
            {
                _history.Dequeue();
            }
        }
    }

    public void CompleteAll()
    {
        lock (_lock)
        {
            foreach (var (_, channel) in _subscribers)
            {
                channel.Writer.TryComplete();
            }
            _subscribers.Clear();
        }
    }
}

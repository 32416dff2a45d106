using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using OrleansVector.Etcd.Grpc;
using OrleansVector.Etcd.Protocol;

namespace OrleansVector.Etcd;

/// <summary>
/// A running watch. <see cref="Events"/> yields every event in revision order; it completes when the watch is disposed,
/// or with an exception when etcd cancels the watch (<see cref="EtcdCompactedException"/> when the revision was compacted).
/// </summary>
public sealed class EtcdWatch : IAsyncDisposable
{
    private readonly GrpcTransport _transport;
    private readonly WatchCreateRequest _request;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<Event> _events = Channel.CreateUnbounded<Event>(new UnboundedChannelOptions { SingleWriter = true });
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;
    private long _nextRevision;

    internal EtcdWatch(GrpcTransport transport, WatchCreateRequest request, TimeProvider time, ILogger logger)
    {
        _transport = transport;
        _request = request;
        _time = time;
        _logger = logger;
        _nextRevision = request.StartRevision;
    }

    /// <summary>The events, in revision order.</summary>
    public ChannelReader<Event> Events => _events.Reader;

    /// <summary>The first revision this watch reports.</summary>
    public long StartRevision { get; private set; }

    private string KeyText => EtcdKeys.ToUtf8(_request.Key);

    internal async Task StartAsync(CancellationToken cancellationToken)
    {
        var call = await ConnectAsync(cancellationToken);
        StartRevision = _nextRevision;
        _loop = Task.Run(() => RunAsync(call, _stop.Token));
    }

    private async Task<GrpcDuplexCall<WatchResponse>> ConnectAsync(CancellationToken cancellationToken)
    {
        var call = _transport.OpenDuplex(EtcdClient.WatchMethod, WatchResponse.Parser);
        try
        {
            var create = _request.Clone();
            create.StartRevision = _nextRevision;
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(_transport.Options.RequestTimeout);
            await call.WriteAsync(new WatchRequest { CreateRequest = create }, deadline.Token);
            var created = await call.ReadAsync(deadline.Token)
                ?? throw EtcdException.From(EtcdStatusCode.Unavailable, EtcdClient.WatchMethod, "stream ended before the watch was created");
            if (created.Canceled)
            {
                throw Canceled(created);
            }
            if (!created.Created)
            {
                throw EtcdException.From(EtcdStatusCode.Internal, EtcdClient.WatchMethod, "first response did not confirm the watch");
            }
            if (_nextRevision == 0)
            {
                _nextRevision = created.Header.Revision + 1;
            }
            return call;
        }
        catch
        {
            await call.DisposeAsync();
            throw;
        }
    }

    private async Task RunAsync(GrpcDuplexCall<WatchResponse>? call, CancellationToken stop)
    {
        while (true)
        {
            try
            {
                call ??= await ConnectAsync(stop);
                await PumpAsync(call, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                _events.Writer.TryComplete();
                return;
            }
            catch (EtcdUnavailableException e)
            {
                EtcdLog.WatchResuming(_logger, e, KeyText, _nextRevision);
            }
            catch (EtcdException e)
            {
                EtcdLog.WatchCanceled(_logger, KeyText, e.Message);
                _events.Writer.TryComplete(e);
                return;
            }
            finally
            {
                if (call is not null)
                {
                    await call.DisposeAsync();
                    call = null;
                }
            }
            try
            {
                await Task.Delay(_transport.Options.ReconnectDelay, _time, stop);
            }
            catch (OperationCanceledException)
            {
                _events.Writer.TryComplete();
                return;
            }
        }
    }

    private async Task PumpAsync(GrpcDuplexCall<WatchResponse> call, CancellationToken stop)
    {
        while (true)
        {
            var response = await call.ReadAsync(stop)
                ?? throw EtcdException.From(EtcdStatusCode.Unavailable, EtcdClient.WatchMethod, "stream ended");
            if (response.Canceled)
            {
                throw Canceled(response);
            }
            foreach (var e in response.Events)
            {
                _events.Writer.TryWrite(e);
                _nextRevision = e.Kv.ModRevision + 1;
            }
        }
    }

    private static EtcdException Canceled(WatchResponse response) => response.CompactRevision > 0
        ? new EtcdCompactedException($"etcd {EtcdClient.WatchMethod}: revisions before {response.CompactRevision} were compacted")
        : EtcdException.From(EtcdStatusCode.Cancelled, EtcdClient.WatchMethod, response.CancelReason);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}

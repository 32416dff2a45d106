using Microsoft.Extensions.Logging;
using OrleansVector.Etcd.Grpc;
using OrleansVector.Etcd.Protocol;

namespace OrleansVector.Etcd;

/// <summary>A lease kept alive in the background; dispose to stop renewing (the lease then expires unless revoked).</summary>
public sealed class EtcdLeaseKeepAlive : IAsyncDisposable
{
    private readonly GrpcTransport _transport;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _lost = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _loop;
    private long _ttlSeconds;
    private long _renewals;

    internal EtcdLeaseKeepAlive(GrpcTransport transport, long leaseId, long ttlSeconds, TimeProvider time, ILogger logger)
    {
        _transport = transport;
        _time = time;
        _logger = logger;
        LeaseId = leaseId;
        _ttlSeconds = ttlSeconds;
        _loop = Task.Run(() => RunAsync(_stop.Token));
    }

    /// <summary>The lease kept alive.</summary>
    public long LeaseId { get; }

    /// <summary>The TTL etcd granted on the last renewal, in seconds.</summary>
    public long TtlSeconds => Interlocked.Read(ref _ttlSeconds);

    /// <summary>How many renewals etcd has confirmed on this keep-alive.</summary>
    public long Renewals => Interlocked.Read(ref _renewals);

    /// <summary>Completes when the lease is gone: etcd said so, or no renewal succeeded for a whole TTL.</summary>
    public Task Lost => _lost.Task;

    private async Task RunAsync(CancellationToken stop)
    {
        var lastRenewal = _time.GetTimestamp();
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await using var call = _transport.OpenDuplex(EtcdClient.LeaseKeepAliveMethod, LeaseKeepAliveResponse.Parser);
                while (true)
                {
                    using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stop);
                    deadline.CancelAfter(_transport.Options.RequestTimeout);
                    await call.WriteAsync(new LeaseKeepAliveRequest { ID = LeaseId }, deadline.Token);
                    var response = await call.ReadAsync(deadline.Token)
                        ?? throw EtcdException.From(EtcdStatusCode.Unavailable, EtcdClient.LeaseKeepAliveMethod, "stream ended");
                    if (response.TTL <= 0)
                    {
                        EtcdLog.LeaseLost(_logger, LeaseId);
                        _lost.TrySetResult();
                        return;
                    }
                    lastRenewal = _time.GetTimestamp();
                    Interlocked.Exchange(ref _ttlSeconds, response.TTL);
                    Interlocked.Increment(ref _renewals);
                    await Task.Delay(TimeSpan.FromSeconds(response.TTL) / 3, _time, stop);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (EtcdException e)
            {
                if (_time.GetElapsedTime(lastRenewal) >= TimeSpan.FromSeconds(TtlSeconds))
                {
                    EtcdLog.LeaseLost(_logger, LeaseId);
                    _lost.TrySetResult();
                    return;
                }
                EtcdLog.KeepAliveFailed(_logger, e, LeaseId);
                try
                {
                    await Task.Delay(_transport.Options.ReconnectDelay, _time, stop);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}

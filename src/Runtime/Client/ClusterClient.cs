using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OrleansVector.Etcd;
using OrleansVector.Runtime.Clustering;
using OrleansVector.Runtime.Configuration;
using OrleansVector.Runtime.Invocation;
using OrleansVector.Runtime.Messaging;
using OrleansVector.Runtime.Messaging.Wire;

namespace OrleansVector.Runtime.Client;

/// <summary>
/// A process that is not a silo calling grains through the same <see cref="IGrainFactory"/> API. Each call goes as an
/// HTTP/2 request to a gateway silo, which addresses the grain (directory, placement) and answers on the same request.
/// A grain's calls go to the gateway picked by the grain's stable hash among the reachable ones, so calls from one
/// client to one grain keep their order. A gateway that cannot be reached fails the call (at-most-once: nothing is resent)
/// and is skipped for <see cref="ClusterClientOptions.GatewayRetryDelay"/>.
/// </summary>
public sealed partial class ClusterClient : IGrainCallInvoker, IAsyncDisposable
{
    private readonly ClusterClientOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly HttpSiloTransport _transport;
    private readonly EtcdClient? _etcd;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<IPEndPoint, long> _unreachableUntil = new();
    private readonly string _clientId = $"client/{Guid.NewGuid():N}";
    private volatile IPEndPoint[] _gateways;
    private Task _watch = Task.CompletedTask;

    private ClusterClient(ClusterClientOptions options, TimeProvider time, ILoggerFactory loggerFactory)
    {
        _options = options;
        _time = time;
        _logger = loggerFactory.CreateLogger("OrleansVector.Runtime.ClusterClient");
        _transport = new HttpSiloTransport(new MessagingOptions { MaxMessageSize = options.MaxMessageSize });
        _gateways = [.. options.Gateways];
        if (options.Etcd is { } etcd)
        {
            _etcd = new EtcdClient(new EtcdClientOptions { Endpoint = etcd.Endpoint, RequestTimeout = etcd.RequestTimeout }, loggerFactory.CreateLogger<EtcdClient>());
        }
        GrainFactory = new GrainFactory(this);
    }

    public IGrainFactory GrainFactory { get; }

    /// <summary>The gateways known now (reachable or not).</summary>
    public IReadOnlyList<IPEndPoint> Gateways => _gateways;

    /// <summary>Raised when the membership table changes the gateway list.</summary>
    public event Action<IReadOnlyList<IPEndPoint>>? GatewaysChanged;

    /// <summary>
    /// Validates the options and, with etcd, reads the membership table once before returning; throws
    /// <see cref="OptionsValidationException"/> naming every invalid setting.
    /// </summary>
    public static async Task<ClusterClient> ConnectAsync(
        ClusterClientOptions options, TimeProvider? time = null, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate().ToList();
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(nameof(ClusterClientOptions), typeof(ClusterClientOptions), errors.Select(e => $"{nameof(ClusterClientOptions)}.{e}"));
        }
        var client = new ClusterClient(options, time ?? TimeProvider.System, loggerFactory ?? NullLoggerFactory.Instance);
        try
        {
            if (client._etcd is { } etcd)
            {
                var table = new EtcdMembershipTable(etcd, options.Etcd!.KeyPrefix, options.ClusterId);
                var snapshots = table.WatchAsync(client._stop.Token).GetAsyncEnumerator(client._stop.Token);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, client._stop.Token);
                if (!await snapshots.MoveNextAsync().AsTask().WaitAsync(linked.Token).ConfigureAwait(false))
                {
                    throw new InvalidOperationException("The membership watch ended before its first snapshot.");
                }
                client.Apply(snapshots.Current);
                client._watch = client.FollowAsync(table, snapshots);
            }
        }
        catch
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return client;
    }

    async Task<T?> IGrainCallInvoker.InvokeAsync<T>(GrainId target, MethodDescriptor method, object?[] args) where T : class
    {
        ObjectDisposedException.ThrowIf(_stop.IsCancellationRequested, this);
        var gateway = PickGateway(target);
        var timeout = method.Timeout ?? _options.ResponseTimeout;
        // Serialized before the first await: the caller may change its arguments once the call returns.
        var request = WireCalls.Request(_options.ClusterId, "", _clientId, target, method, args, RequestContext.Export(), timeout, method.IsOneWay);
        using var deadline = new CancellationTokenSource(timeout, _time);
        WireResponse response;
        try
        {
            response = await _transport.SendAsync(gateway, $"gateway {gateway}", request, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new TimeoutException($"Response did not arrive on time in {timeout} for {method.FullName} on grain {target} (gateway {gateway}).");
        }
        catch (SiloUnavailableException exception)
        {
            _unreachableUntil[gateway] = _time.GetTimestamp() + (long)(_options.GatewayRetryDelay.TotalSeconds * _time.TimestampFrequency);
            LogWarningGatewayUnreachable(_logger, exception, gateway);
            throw;
        }
        return (T?)WireCalls.Result(response, method);
    }

    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _watch.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
        _transport.Dispose();
        _etcd?.Dispose();
    }

    /// <summary>The reachable gateway at the grain's hash; no allocation.</summary>
    private IPEndPoint PickGateway(GrainId target)
    {
        var gateways = _gateways;
        var now = _time.GetTimestamp();
        var reachable = 0;
        foreach (var gateway in gateways)
        {
            reachable += IsReachable(gateway, now) ? 1 : 0;
        }
        if (reachable == 0)
        {
            throw new SiloUnavailableException(
                $"No gateway of cluster '{_options.ClusterId}' is reachable now (known: {(gateways.Length == 0 ? "none" : string.Join(", ", (object[])gateways))}).");
        }
        var index = (int)(target.GetUniformHashCode() % (uint)reachable);
        foreach (var gateway in gateways)
        {
            if (IsReachable(gateway, now) && index-- == 0)
            {
                return gateway;
            }
        }
        throw new InvalidOperationException("Unreachable: the gateway count changed under a snapshot.");
    }

    private bool IsReachable(IPEndPoint gateway, long now) => !_unreachableUntil.TryGetValue(gateway, out var until) || until <= now;

    private void Apply(MembershipSnapshot snapshot)
    {
        var gateways = snapshot.Members
            .Where(m => m.Status == SiloStatus.Active)
            .Select(m => m.Address.Endpoint)
            .Distinct()
            .OrderBy(e => e.ToString(), StringComparer.Ordinal)
            .ToArray();
        _gateways = gateways;
        GatewaysChanged?.Invoke(gateways);
    }

    /// <summary>Follows the membership table; a failed watch is opened again after a short pause.</summary>
    private async Task FollowAsync(EtcdMembershipTable table, IAsyncEnumerator<MembershipSnapshot> snapshots)
    {
        var stop = _stop.Token;
        while (true)
        {
            try
            {
                while (await snapshots.MoveNextAsync().ConfigureAwait(false))
                {
                    Apply(snapshots.Current);
                }
                return;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                LogWarningWatchFailed(_logger, exception);
            }
            finally
            {
                await snapshots.DisposeAsync().ConfigureAwait(false);
            }
            try
            {
                await Task.Delay(_options.GatewayRetryDelay, _time, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            snapshots = table.WatchAsync(stop).GetAsyncEnumerator(stop);
        }
    }

    [LoggerMessage(EventId = 900, Level = LogLevel.Warning, Message = "Gateway {Gateway} could not be reached; skipping it for a while")]
    private static partial void LogWarningGatewayUnreachable(ILogger logger, Exception exception, IPEndPoint gateway);

    [LoggerMessage(EventId = 901, Level = LogLevel.Warning, Message = "Watching the cluster's membership for gateways failed")]
    private static partial void LogWarningWatchFailed(ILogger logger, Exception exception);
}

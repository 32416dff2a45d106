using System.Collections.Concurrent;
using System.Collections.Immutable;
using Google.Protobuf;
using Microsoft.Extensions.Logging;
using OrleansVector.Runtime.Hosting;
using OrleansVector.Runtime.Invocation;
using OrleansVector.Runtime.Messaging.Wire;
using OrleansVector.Runtime.Placement;

namespace OrleansVector.Runtime.Messaging;

/// <summary>
/// Sends and receives grain calls for one silo. Caller side: address the target (local activation, cache, directory,
/// placement), then deliver in-process (arguments cloned unless immutable) or over HTTP/2. Callee side: accept requests
/// from other silos, check cluster id and generation, hand them to the catalog. Delivery is at-most-once: nothing is resent,
/// and a forward that repairs a stale address is bounded by <see cref="Configuration.MessagingOptions.MaxForwardCount"/>.
/// Response timeouts are one periodic check over the pending calls, as Orleans does, instead of a timer per call.
/// </summary>
internal sealed partial class MessageCenter(SiloRuntime runtime, GrainLocator locator, ISiloTransport transport) : IGrainCallInvoker, IDisposable
{
    private readonly ConcurrentDictionary<long, ICallback> _callbacks = new();
    private long _nextCorrelationId = Random.Shared.NextInt64();
    private ITimer? _timeoutCheck;

    public int PendingCalls => _callbacks.Count;

    /// <summary>Starts the periodic response-timeout check.</summary>
    public void Start()
    {
        var period = runtime.Messaging.ResponseTimeoutCheckPeriod;
        _timeoutCheck ??= runtime.Time.CreateTimer(static s => ((MessageCenter)s!).ExpireOverdueCalls(), this, period, period);
    }

    public void Dispose() => _timeoutCheck?.Dispose();

    public Task<T?> InvokeAsync<T>(GrainId target, MethodDescriptor method, object?[] args) where T : class
    {
        if (!runtime.CanSend)
        {
            return Task.FromException<T?>(new SiloUnavailableException($"Silo {runtime.Silo.SiloName} is {runtime.Status}; it sends no calls."));
        }
        var timeout = method.Timeout ?? runtime.Messaging.ResponseTimeout;
        var deadline = runtime.Time.GetTimestamp() + (long)(timeout.TotalSeconds * runtime.Time.TimestampFrequency);
        CallbackData<T>? callback = null;
        if (!method.IsOneWay)
        {
            var id = Interlocked.Increment(ref _nextCorrelationId);
            callback = new CallbackData<T>(this, id, target, method, timeout, deadline);
            _callbacks[id] = callback;
        }
        var message = new Message(target, method, args, callback)
        {
            Context = RequestContext.Export(),
            DeadlineTimestamp = deadline,
            Router = this,
        };
        runtime.Instruments.CallSent();
        Send(message, argumentsShared: true);
        return callback?.Task ?? Task.FromResult<T?>(null);
    }

    /// <summary>Sends a message whose activation went away, or that was refused here: to <paramref name="destination"/> or re-addressed.</summary>
    public void Forward(Message message, SiloAddress? destination)
    {
        if (++message.ForwardCount > runtime.Messaging.MaxForwardCount)
        {
            message.Sink?.Fail(new SiloUnavailableException(
                $"{message.Method.FullName} to {message.Target} was forwarded {message.ForwardCount - 1} times without reaching an activation; the call was not executed."));
            return;
        }
        locator.Invalidate(message.Target);
        if (destination is not null && destination != runtime.LocalSilo)
        {
            SendTo(message, destination, argumentsShared: false);
            return;
        }
        Send(message, argumentsShared: false);
    }

    /// <summary>A request from another silo or a client, already parsed and checked by the endpoint.</summary>
    public void Receive(Message message, bool addressedHere)
    {
        runtime.Instruments.CallReceived();
        if (!runtime.CanServe)
        {
            message.Sink?.Fail(new SiloUnavailableException($"Silo {runtime.LocalSiloText} is {runtime.Status}; it serves no calls."));
            return;
        }
        if (addressedHere)
        {
            runtime.Catalog.Deliver(message);
        }
        else
        {
            Send(message, argumentsShared: false);
        }
    }

    /// <summary>Fails every call waiting on a silo that is now known dead, and forgets cached addresses on it.</summary>
    public void OnSiloDead(SiloAddress silo)
    {
        locator.InvalidateSilo(silo);
        foreach (var callback in _callbacks.Values)
        {
            if (callback.TargetSilo == silo)
            {
                callback.Fail(new SiloUnavailableException($"Silo {silo} died before it answered; the call may or may not have run."));
            }
        }
    }

    /// <summary>Fails every pending call (the silo stops).</summary>
    public void FailAll(Exception failure)
    {
        foreach (var callback in _callbacks.Values)
        {
            callback.Fail(failure);
        }
    }

    /// <summary>Fails every call whose deadline has passed; a call times out at most one check period late.</summary>
    private void ExpireOverdueCalls()
    {
        var now = runtime.Time.GetTimestamp();
        foreach (var callback in _callbacks.Values)
        {
            if (callback.DeadlineTimestamp <= now)
            {
                callback.Expire();
            }
        }
    }

    public void Unregister(long correlationId) => _callbacks.TryRemove(correlationId, out _);

    public void OnTimeout(GrainId target, string method)
    {
        runtime.Instruments.CallTimedOut();
        LogWarningTimeout(runtime.MessagingLogger, method, target);
    }

    private void Send(Message message, bool argumentsShared)
    {
        ValueTask<SiloAddress> addressing;
        try
        {
            addressing = locator.AddressAsync(message.Target);
        }
        catch (Exception exception)
        {
            message.Sink?.Fail(exception);
            return;
        }
        if (addressing.IsCompletedSuccessfully)
        {
            SendTo(message, addressing.Result, argumentsShared);
            return;
        }
        if (argumentsShared)
        {
            // The caller may change its arguments once InvokeAsync returns: take private copies now.
            CloneArguments(message);
        }
        _ = SendWhenAddressedAsync(message, addressing);
    }

    private async Task SendWhenAddressedAsync(Message message, ValueTask<SiloAddress> addressing)
    {
        SiloAddress silo;
        try
        {
            silo = await addressing;
        }
        catch (Exception exception)
        {
            message.Sink?.Fail(exception);
            return;
        }
        SendTo(message, silo, argumentsShared: false);
    }

    private void SendTo(Message message, SiloAddress silo, bool argumentsShared)
    {
        message.TargetSilo = silo;
        if (message.Sink is ICallback callback)
        {
            callback.TargetSilo = silo;
        }
        if (silo == runtime.LocalSilo)
        {
            if (argumentsShared)
            {
                CloneArguments(message);
            }
            runtime.Catalog.Deliver(message);
            return;
        }
        if (runtime.Membership.IsDead(silo))
        {
            locator.InvalidateSilo(silo);
            message.Sink?.Fail(new SiloUnavailableException($"Silo {silo} is dead; {message.Method.FullName} to {message.Target} was not sent."));
            return;
        }
        _ = SendRemoteAsync(message, silo);
    }

    private async Task SendRemoteAsync(Message message, SiloAddress silo)
    {
        var request = WireCalls.Request(
            runtime.Cluster.ClusterId,
            silo.ToString(),
            runtime.LocalSiloText,
            message.Target,
            message.Method,
            message.Arguments,
            message.Context,
            runtime.Time.GetElapsedTime(runtime.Time.GetTimestamp(), message.DeadlineTimestamp),
            oneWay: message.Sink is null);
        request.ForwardCount = message.ForwardCount;
        var cancellation = message.Sink is ICallback callback ? callback.CancellationToken : CancellationToken.None;
        WireResponse response;
        try
        {
            response = await transport.SendAsync(silo, request, cancellation);
        }
        catch (Exception exception)
        {
            locator.Invalidate(message.Target);
            if (message.Sink is null)
            {
                LogWarningOneWaySendFailed(runtime.MessagingLogger, exception, message.Method.FullName, silo);
            }
            message.Sink?.Fail(exception);
            return;
        }
        try
        {
            message.Sink?.Complete(WireCalls.Result(response, message.Method));
        }
        catch (Exception exception)
        {
            if (exception is SiloUnavailableException)
            {
                locator.Invalidate(message.Target);
            }
            message.Sink?.Fail(exception);
        }
    }

    private static void CloneArguments(Message message)
    {
        var parameters = message.Method.Parameters;
        for (var i = 0; i < message.Arguments.Length; i++)
        {
            if (message.Arguments[i] is IMessage argument && !message.Method.ParameterIsImmutable[i])
            {
                message.Arguments[i] = parameters[i].Clone(argument);
            }
        }
    }

    /// <summary>Builds a message for a request that arrived over the wire; throws naming what is wrong with it.</summary>
    public Message Parse(WireRequest request, IResponseSink? sink)
    {
        if (!runtime.Registry.TryGet(request.GrainType, out var grainClass))
        {
            throw new InvalidOperationException($"Grain type '{request.GrainType}' is not registered on silo {runtime.LocalSilo}.");
        }
        var method = grainClass.Interface.ByName.GetValueOrDefault(request.Method)
            ?? throw new InvalidOperationException($"Grain type '{request.GrainType}' has no method '{request.Method}'.");
        if (request.Arguments.Count != method.Parameters.Length)
        {
            throw new InvalidDataException($"{method.FullName} takes {method.Parameters.Length} arguments; the request carried {request.Arguments.Count}.");
        }
        var arguments = new object?[request.Arguments.Count];
        for (var i = 0; i < arguments.Length; i++)
        {
            arguments[i] = method.Parameters[i].Parser.ParseFrom(request.Arguments[i]);
        }
        return new Message(new GrainId(request.GrainType, request.GrainKey), method, arguments, request.OneWay ? null : sink)
        {
            Context = request.RequestContext.Count == 0 ? null : request.RequestContext.ToImmutableDictionary(StringComparer.Ordinal),
            ForwardCount = request.ForwardCount,
            DeadlineTimestamp = runtime.Time.GetTimestamp() + (long)(TimeSpan.FromMilliseconds(request.TimeoutMs).TotalSeconds * runtime.Time.TimestampFrequency),
            Router = this,
        };
    }

    [LoggerMessage(EventId = 500, Level = LogLevel.Warning, Message = "{Method} to {Grain} timed out")]
    private static partial void LogWarningTimeout(ILogger logger, string method, GrainId grain);

    [LoggerMessage(EventId = 501, Level = LogLevel.Warning, Message = "One-way call {Method} to silo {Silo} could not be sent")]
    private static partial void LogWarningOneWaySendFailed(ILogger logger, Exception exception, string method, SiloAddress silo);
}

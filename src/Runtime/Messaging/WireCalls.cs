using System.Collections.Immutable;
using Google.Protobuf;
using OrleansVector.Runtime.Invocation;
using OrleansVector.Runtime.Messaging.Wire;

namespace OrleansVector.Runtime.Messaging;

/// <summary>A grain call as a wire request, and a wire response as the call's outcome: shared by silos and the cluster client.</summary>
internal static class WireCalls
{
    public static WireRequest Request(
        string clusterId,
        string targetSilo,
        string sendingSilo,
        GrainId target,
        MethodDescriptor method,
        object?[] arguments,
        ImmutableDictionary<string, string>? context,
        TimeSpan remaining,
        bool oneWay)
    {
        var request = new WireRequest
        {
            ClusterId = clusterId,
            TargetSilo = targetSilo,
            SendingSilo = sendingSilo,
            GrainType = target.Type,
            GrainKey = target.Key,
            Method = method.Name,
            TimeoutMs = Math.Max(1, (long)remaining.TotalMilliseconds),
            OneWay = oneWay,
        };
        foreach (var argument in arguments)
        {
            request.Arguments.Add(((IMessage)argument!).ToByteString());
        }
        if (context is not null)
        {
            request.RequestContext.Add(context);
        }
        return request;
    }

    /// <summary>The result of a response (null for methods without one); throws the callee's exception for an error response.</summary>
    public static IMessage? Result(WireResponse response, MethodDescriptor method) => response.OutcomeCase switch
    {
        WireResponse.OutcomeOneofCase.Error => throw WireExceptions.FromWire(response.Error),
        WireResponse.OutcomeOneofCase.Value => method.Result?.Parser.ParseFrom(response.Value),
        _ => null,
    };
}

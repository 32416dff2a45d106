using Google.Protobuf.WellKnownTypes;
using OrleansVector.Runtime;

namespace OrleansVector.Bench.Runtime;

/// <summary>
/// A link of a chain of nested local calls, the shape of a database search (collection → shard → segment): grain k
/// passes the message on to grain k + 1 and answers with its answer; the last link answers itself.
/// </summary>
public interface IRelayGrain : IGrainWithIntegerKey
{
    Task<StringValue> Ping(StringValue message);
}

[PreferLocalPlacement]
public sealed class RelayGrain : Grain, IRelayGrain
{
    /// <summary>Grains 1, 2 and 3 make the chain: a call to grain 1 is three nested local calls.</summary>
    public const int Links = 3;

    public async Task<StringValue> Ping(StringValue message)
    {
        var link = GetPrimaryKeyLong();
        return link >= Links ? message : await GrainFactory.GetGrain<IRelayGrain>(link + 1).Ping(message);
    }
}

using System.Threading.Channels;
using OrleansVector.Gateway.Grpc;
using OrleansVector.Grains.Interfaces.Protocol;

namespace OrleansVector.Gateway.Tests.Grpc;

/// <summary>
/// A ShowCollections handler whose calls wait until the test releases them, so a test can act while a call runs: each
/// call is announced when it starts, and reports whether its cancellation token fired. A released call answers with
/// the request's db_name as its one collection name. A call whose db_name starts with <see cref="Uncancellable"/> waits
/// for its release even when cancelled, as a handler busy computing does.
/// </summary>
internal sealed class HeldCalls
{
    /// <summary>Bounds every wait on the server, so a call that never starts or ends fails the test instead of hanging it.</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    public const string Uncancellable = "uncancellable";

    private readonly Channel<HeldCall> _started = Channel.CreateUnbounded<HeldCall>();

    public async ValueTask<ShowCollectionsResponse> Handle(ShowCollectionsRequest request, GrpcCallContext context)
    {
        var call = new HeldCall(request.DbName, context.CancellationToken);
        _started.Writer.TryWrite(call);
        await call.Released.WaitAsync(request.DbName.StartsWith(Uncancellable, StringComparison.Ordinal) ? CancellationToken.None : context.CancellationToken);
        return new ShowCollectionsResponse { Status = new Status(), CollectionNames = { request.DbName } };
    }

    /// <summary>Sends a held call for <paramref name="dbName"/> on <paramref name="streamId"/> and returns it once it runs on the server.</summary>
    public Task<HeldCall> StartAsync(RawHttp2Client client, int streamId, string dbName)
    {
        client.SendCall(streamId, MilvusCalls.ShowCollections, GrpcFrame.ToArray(new ShowCollectionsRequest { DbName = dbName }));
        return StartedAsync(dbName);
    }

    /// <summary>Asserts the answer of a released call.</summary>
    public static void AssertAnswered(RawResponse response, string dbName) =>
        Assert.Equal([dbName], response.Message(ShowCollectionsResponse.Parser).CollectionNames);

    /// <summary>The next call to start; it must be the one for <paramref name="dbName"/>.</summary>
    private async Task<HeldCall> StartedAsync(string dbName)
    {
        var call = await _started.Reader.ReadAsync().AsTask().WaitAsync(Limit);
        Assert.Equal(dbName, call.DbName);
        return call;
    }
}

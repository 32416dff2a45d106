using OrleansVector.Gateway.Grpc;

namespace OrleansVector.Gateway.Tests.Grpc;

/// <summary>Measures allocations of the whole process, so it runs alone: no other test's allocations count.</summary>
[CollectionDefinition(nameof(AllocationTests), DisableParallelization = true)]
public sealed class AllocationTestsCollection;

/// <summary>What a request costs the server before its body has arrived.</summary>
[Collection(nameof(AllocationTests))]
public sealed class AllocationTests(GrpcServerFixture fixture) : IClassFixture<GrpcServerFixture>
{
    [Fact]
    public void A_frame_header_announcing_a_large_message_does_not_make_the_server_allocate_it()
    {
        const int streams = 20;
        const uint announced = 64 * 1024 * 1024 - 16; // just under the default limit
        using var client = RawHttp2Client.Open(fixture.EndPoint);
        var header = new byte[GrpcFrame.HeaderLength];
        GrpcFrame.WriteHeader(header, announced);

        var before = GC.GetTotalAllocatedBytes(precise: true);
        for (var id = 1; id < 2 * streams; id += 2)
        {
            client.SendHeaders(id, RawHttp2Client.RequestHeaders(MilvusCalls.GetVersion), endStream: false);
            client.SendData(id, header, endStream: false);
        }
        client.Sync([]);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        // Buffering what was announced would be 20 x 64 MB; what arrived is 100 bytes.
        Assert.True(allocated < announced, $"{streams} streams of 5 bytes each made the process allocate {allocated:N0} bytes.");
    }
}

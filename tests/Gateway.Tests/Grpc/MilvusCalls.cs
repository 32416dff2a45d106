using System.Net;
using OrleansVector.Gateway.Grpc;
using OrleansVector.Grains.Interfaces.Protocol;

namespace OrleansVector.Gateway.Tests.Grpc;

/// <summary>The Milvus RPCs the HTTP/2 tests make, and the check that a server still serves new connections.</summary>
internal static class MilvusCalls
{
    public const string GetVersion = GrpcReply.Milvus + "GetVersion";
    public const string DescribeCollection = GrpcReply.Milvus + "DescribeCollection";
    public const string ShowCollections = GrpcReply.Milvus + "ShowCollections";

    public static byte[] GetVersionRequest { get; } = GrpcFrame.ToArray(new GetVersionRequest());

    public static byte[] DescribeCollectionRequest(string name) => GrpcFrame.ToArray(new DescribeCollectionRequest { CollectionName = name });

    /// <summary>Asserts a GetVersion response: OK, and the version the fixture configured.</summary>
    public static void AssertVersion(RawResponse response)
    {
        var version = response.Message(GetVersionResponse.Parser);
        Assert.Equal(new Status(), version.Status);
        Assert.Equal(GrpcServerFixture.ServerVersion, version.Version);
    }

    /// <summary>Asserts a DescribeCollection of a collection that does not exist: answered, and about that name.</summary>
    public static void AssertNoSuchCollection(RawResponse response, string name)
    {
        var described = response.Message(DescribeCollectionResponse.Parser);
        Assert.Equal(ErrorCode.CollectionNotExists, described.Status.ErrorCode);
        Assert.Contains(name, described.Status.Reason, StringComparison.Ordinal);
    }

    /// <summary>Asserts that a new connection to <paramref name="server"/> gets a GetVersion call answered.</summary>
    public static void AssertServesNewConnection(IPEndPoint server)
    {
        using var client = RawHttp2Client.Open(server);
        client.SendCall(1, GetVersion, GetVersionRequest);
        AssertVersion(client.ReadResponse(1));
    }
}

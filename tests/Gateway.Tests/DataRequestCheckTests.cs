using OrleansVector.Grains.Interfaces.Protocol;
using KeyValuePair = OrleansVector.Grains.Interfaces.Protocol.KeyValuePair;

namespace OrleansVector.Gateway.Tests;

/// <summary>Data requests the gateway refuses before any grain is asked: Milvus's limits and required parts.</summary>
public sealed class DataRequestCheckTests
{
    private static SearchRequest Search(params (string Key, string Value)[] parameters)
    {
        var request = new SearchRequest { CollectionName = "books", Nq = 1, PlaceholderGroup = Google.Protobuf.ByteString.CopyFromUtf8("x") };
        request.SearchParams.AddRange(parameters.Select(p => new KeyValuePair { Key = p.Key, Value = p.Value }));
        return request;
    }

    public static TheoryData<SearchRequest, int, string> BadSearches => new()
    {
        { Search(), 1101, "topk not found in search_params" },
        { Search(("topk", "0")), 1100, "topk (0) should be in range [1, 16384]" },
        { Search(("topk", "16385")), 1100, "topk (16385) should be in range" },
        { Search(("topk", "10"), ("offset", "16380")), 1100, "topk + offset (10 + 16380)" },
        { Search(("topk", "ten")), 1100, "topk 'ten' is not an integer" },
        { new SearchRequest { CollectionName = "books", SearchParams = { new KeyValuePair { Key = "topk", Value = "10" } } }, 1100, "search needs query vectors" },
    };

    [Theory]
    [MemberData(nameof(BadSearches))]
    public async Task A_search_outside_Milvus_limits_is_refused_with_its_reason(SearchRequest request, int code, string reason)
    {
        await using var server = await GatewayTestServer.StartAsync();

        var status = (await server.CallAsync(GrpcReply.Milvus + "Search", GrpcReply.Frame(request))).Single(SearchResults.Parser).Status;

        Assert.Equal(code, status.Code);
        Assert.Equal(ErrorCode.IllegalArgument, status.ErrorCode);
        Assert.Contains(reason, status.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_query_without_filter_or_limit_is_refused_unless_it_counts()
    {
        await using var server = await GatewayTestServer.StartAsync();

        var status = (await server.CallAsync(GrpcReply.Milvus + "Query",
            GrpcReply.Frame(new QueryRequest { CollectionName = "books", OutputFields = { "title" } }))).Single(QueryResults.Parser).Status;

        Assert.Equal(1100, status.Code);
        Assert.Contains("empty expression should be used with limit", status.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_needs_an_expression_and_insert_needs_rows()
    {
        await using var server = await GatewayTestServer.StartAsync();

        var delete = (await server.CallAsync(GrpcReply.Milvus + "Delete",
            GrpcReply.Frame(new DeleteRequest { CollectionName = "books" }))).Single(MutationResult.Parser).Status;
        var insert = (await server.CallAsync(GrpcReply.Milvus + "Insert",
            GrpcReply.Frame(new InsertRequest { CollectionName = "books" }))).Single(MutationResult.Parser).Status;

        Assert.Equal(1100, delete.Code);
        Assert.Contains("delete expression (expr) should not be empty", delete.Reason, StringComparison.Ordinal);
        Assert.Equal(1100, insert.Code);
        Assert.Contains("fields_data should not be empty", insert.Reason, StringComparison.Ordinal);
    }
}

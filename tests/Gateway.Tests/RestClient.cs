using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace OrleansVector.Gateway.Tests;

/// <summary>Plain HTTP calls to the REST v2 API, as curl or any HTTP library would make them.</summary>
internal sealed class RestClient(HttpClient http, string? bearer = null)
{
    public async Task<(HttpStatusCode Status, JsonObject Body)> PostRawAsync(string route, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/v2/vectordb/" + route, UriKind.Relative))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonNode.Parse(text) as JsonObject ?? throw new InvalidOperationException($"{route} answered {text}"));
    }

    /// <summary>Posts and returns data; fails the test unless code is 0.</summary>
    public async Task<JsonNode?> PostAsync(string route, JsonObject body)
    {
        var (status, reply) = await PostRawAsync(route, body.ToJsonString());
        Assert.True(status == HttpStatusCode.OK && (int?)reply["code"] == 0, $"{route} -> {(int)status} {reply.ToJsonString()}");
        return reply["data"];
    }

    /// <summary>Polls get_load_state until the collection is loaded (REST has no load event to wait on; Milvus clients poll too).</summary>
    public async Task WaitLoadedAsync(string collection)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while ((string?)(await PostAsync("collections/get_load_state", new JsonObject { ["collectionName"] = collection }))!["loadState"] != "LoadStateLoaded")
        {
            await Task.Delay(50, limit.Token);
        }
    }

    /// <summary>Posts and returns the Milvus error code and message; fails the test if the call succeeded.</summary>
    public async Task<(int Code, string Message)> FailAsync(string route, JsonObject body)
    {
        var (_, reply) = await PostRawAsync(route, body.ToJsonString());
        var code = (int?)reply["code"] ?? -1;
        Assert.True(code != 0, $"{route} should have failed: {reply.ToJsonString()}");
        return (code, (string?)reply["message"] ?? "");
    }
}

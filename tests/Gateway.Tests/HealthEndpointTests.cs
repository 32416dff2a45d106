using System.Net;

namespace OrleansVector.Gateway.Tests;

public sealed class HealthEndpointTests
{
    [Fact]
    public async Task Healthz_is_503_before_the_silo_is_ready_and_200_after()
    {
        await using var server = await GatewayTestServer.StartAsync();

        using var before = await server.Client.GetAsync(new Uri("/healthz", UriKind.Relative));
        server.Readiness.MarkReady();
        using var after = await server.Client.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, before.StatusCode);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal("OK", await after.Content.ReadAsStringAsync());
    }
}

using System.Net;
using OrleansVector.Silo.Hosting;
using OrleansVector.TestSupport;

namespace OrleansVector.Silo.Tests;

/// <summary>The real executable: starts, reports ready on /healthz, serves /metrics, and stops cleanly on SIGTERM.</summary>
public sealed class SiloProcessSmokeTests
{
    [Fact]
    public async Task Silo_serves_healthz_and_exits_cleanly_on_sigterm()
    {
        await using var silo = SiloProcess.Start();
        await silo.WaitUntilReadyAsync(SiloTimeouts.Start);

        using var http = new HttpClient { BaseAddress = silo.HttpUri };
        using var health = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("OK", await health.Content.ReadAsStringAsync());

        using var metrics = await http.GetAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        Assert.Contains("# TYPE orleansvector_requests_total counter", await metrics.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var exitCode = await silo.TerminateAsync(SiloTimeouts.Shutdown);
        Assert.True(exitCode == 0, $"expected exit code 0 within {SiloTimeouts.Shutdown}, got {exitCode?.ToString() ?? "no exit"}:\n{silo.Output}");
        Assert.Contains("Silo stopping", silo.Output, StringComparison.Ordinal);
        // The runtime silo inside stops gracefully too (its grains deactivate) before the process exits.
        Assert.Contains("Silo standalone is stopping", silo.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Startup_log_says_where_it_listens_and_where_data_lives()
    {
        await using var silo = SiloProcess.Start();
        await silo.WaitUntilReadyAsync(SiloTimeouts.Start);

        Assert.Contains($"127.0.0.1:{silo.GrpcPort}", silo.Output, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{silo.HttpPort}", silo.Output, StringComparison.Ordinal);
        Assert.Contains($"Data directory: {silo.DataDirectory}", silo.Output, StringComparison.Ordinal);
        Assert.Equal(0, await silo.TerminateAsync(SiloTimeouts.Shutdown));
    }

    [Fact]
    public async Task Invalid_configuration_stops_the_silo_with_a_message_naming_the_setting()
    {
        await using var silo = SiloProcess.Start(null, "--listen", "not-an-address");
        var exitCode = await silo.WaitForExitAsync(SiloTimeouts.Start);

        Assert.Equal(SiloExitCodes.InvalidConfiguration, exitCode);
        Assert.Contains("Silo:ListenAddress 'not-an-address' is not an IP address", silo.Output, StringComparison.Ordinal);
    }
}

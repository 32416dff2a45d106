using OrleansVector.Runtime.Configuration;
using OrleansVector.Runtime.Messaging;
using OrleansVector.Runtime.Messaging.Wire;
using OrleansVector.Runtime.Tests.Infrastructure;

namespace OrleansVector.Runtime.Tests;

/// <summary>The silo endpoint refuses messages for another cluster and for an earlier incarnation of the silo.</summary>
public sealed class RejectionTests
{
    [Fact]
    public async Task A_message_for_another_cluster_is_rejected_naming_both_clusters()
    {
        await using var silo = await TestSilos.StartSiloAsync();
        using var transport = new HttpSiloTransport(new MessagingOptions());
        var response = await transport.SendAsync(silo.Address, Request(silo.Address, "other-cluster"), default).Bounded();
        Assert.Equal(WireResponse.OutcomeOneofCase.Error, response.OutcomeCase);
        var error = WireExceptions.FromWire(response.Error);
        Assert.IsType<InvalidOperationException>(error);
        Assert.Contains("'other-cluster'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'default'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_message_for_an_earlier_generation_of_the_silo_is_rejected_as_unavailable()
    {
        await using var silo = await TestSilos.StartSiloAsync();
        var earlier = new SiloAddress(silo.Address.Endpoint, silo.Address.Generation - 1);
        using var transport = new HttpSiloTransport(new MessagingOptions());
        var response = await transport.SendAsync(earlier, Request(earlier, "default"), default).Bounded();
        var error = WireExceptions.FromWire(response.Error);
        Assert.IsType<SiloUnavailableException>(error);
        Assert.Contains(earlier.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Equal(0, silo.ActivationCount); // nothing was activated for it
    }

    [Fact]
    public async Task The_current_generation_is_served()
    {
        await using var silo = await TestSilos.StartSiloAsync();
        using var transport = new HttpSiloTransport(new MessagingOptions());
        var response = await transport.SendAsync(silo.Address, Request(silo.Address, "default"), default).Bounded();
        Assert.Equal(WireResponse.OutcomeOneofCase.Value, response.OutcomeCase);
        Assert.Equal(1, silo.ActivationCount);
    }

    private static WireRequest Request(SiloAddress target, string clusterId) => new()
    {
        ClusterId = clusterId,
        TargetSilo = target.ToString(),
        SendingSilo = "127.0.0.1:1@1",
        GrainType = "echo",
        GrainKey = $"wire-{Guid.NewGuid():N}",
        Method = "Identity",
        TimeoutMs = 10_000,
    };
}

using Microsoft.Extensions.Options;

namespace OrleansVector.Gateway.Tests;

/// <summary>Invalid gateway settings stop the host at startup with a message naming the setting.</summary>
public sealed class GatewayOptionsTests
{
    [Theory]
    [InlineData("Gateway:Grpc:MaxReceiveMessageSize", "0", "MaxReceiveMessageSize")]
    [InlineData("Gateway:Grpc:MaxSendMessageSize", "-1", "MaxSendMessageSize")]
    [InlineData("Gateway:Milvus:ServerVersion", "2.6", "Gateway:Milvus:ServerVersion '2.6' is not a Milvus version")]
    [InlineData("Gateway:Milvus:DeployMode", "7", "Gateway:Milvus:DeployMode '7' is neither Standalone nor Cluster")]
    public async Task Invalid_settings_fail_startup(string key, string value, string messagePart)
    {
        var e = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            GatewayTestServer.StartAsync(new Dictionary<string, string?> { [key] = value }));

        Assert.Contains(e.Failures, f => f.Contains(messagePart, StringComparison.Ordinal));
    }
}

using OrleansVector.TestSupport;

namespace OrleansVector.Etcd.Tests;

public sealed class ClientOptionsTests
{
    [Fact]
    public void Https_endpoint_is_rejected_naming_the_setting()
    {
        var e = Assert.Throws<ArgumentException>(() => new EtcdClient(new EtcdClientOptions { Endpoint = new Uri("https://127.0.0.1:2379") }));
        Assert.Equal(nameof(EtcdClientOptions.Endpoint), e.ParamName);
    }

    [Fact]
    public void Non_positive_timeout_is_rejected()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new EtcdClient(new EtcdClientOptions { RequestTimeout = TimeSpan.Zero }));
        Assert.Equal(nameof(EtcdClientOptions.RequestTimeout), e.ParamName);
    }

    [Fact]
    public async Task Unreachable_endpoint_throws_unavailable()
    {
        using var client = new EtcdClient(new EtcdClientOptions { Endpoint = new Uri($"http://127.0.0.1:{FreePort.Next()}") });

        var e = await Assert.ThrowsAsync<EtcdUnavailableException>(() => client.GetAsync("k"));
        Assert.Equal(EtcdStatusCode.Unavailable, e.StatusCode);
    }

    [Fact]
    public void Prefix_end_increments_last_byte_below_0xff()
    {
        Assert.Equal("ab", EtcdKeys.PrefixEnd(EtcdKeys.Utf8("aa")).ToStringUtf8());
        Assert.Equal([(byte)'b'], EtcdKeys.PrefixEnd(Google.Protobuf.ByteString.CopyFrom((byte)'a', 0xff)).ToByteArray());
        Assert.Equal([(byte)0], EtcdKeys.PrefixEnd(Google.Protobuf.ByteString.Empty).ToByteArray());
    }
}

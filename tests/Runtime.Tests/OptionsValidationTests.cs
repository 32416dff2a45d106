using Microsoft.Extensions.Options;
using OrleansVector.Runtime.Configuration;
using OrleansVector.Runtime.Hosting;

namespace OrleansVector.Runtime.Tests;

public sealed class OptionsValidationTests
{
    [Fact]
    public void A_lease_too_short_for_its_keep_alives_is_rejected_naming_the_settings()
    {
        var error = Assert.Throws<OptionsValidationException>(() => new SiloBuilder()
            .Configure<MembershipOptions>(o => o.LeaseTtl = TimeSpan.FromSeconds(4))
            .Build());
        Assert.Contains(nameof(MembershipOptions.KeepAliveInterval), error.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(MembershipOptions.LeaseTtl), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_invalid_setting_is_reported_with_its_value()
    {
        var error = Assert.Throws<OptionsValidationException>(() => new SiloBuilder()
            .Configure<MessagingOptions>(o =>
            {
                o.ResponseTimeout = TimeSpan.Zero;
                o.MaxForwardCount = 11;
            })
            .Build());
        Assert.Contains("ResponseTimeout is 00:00:00", error.Message, StringComparison.Ordinal);
        Assert.Contains("MaxForwardCount is 11", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(65536)]
    public void A_silo_port_out_of_range_is_rejected(int port)
    {
        var error = Assert.Throws<OptionsValidationException>(() => new SiloBuilder().Configure<SiloOptions>(o => o.SiloPort = port).Build());
        Assert.Contains($"SiloPort is {port}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Collection_ages_and_etcd_settings_are_validated()
    {
        var collection = Assert.Throws<OptionsValidationException>(() => new SiloBuilder()
            .Configure<GrainCollectionOptions>(o => o.ClassSpecificCollectionAge["shard"] = TimeSpan.FromMinutes(-1))
            .Build());
        Assert.Contains("ClassSpecificCollectionAge[shard]", collection.Message, StringComparison.Ordinal);

        var etcd = Assert.Throws<OptionsValidationException>(() => new SiloBuilder()
            .UseEtcdClustering(o => o.Endpoint = new Uri("https://127.0.0.1:2379"))
            .Build());
        Assert.Contains(nameof(EtcdClusteringOptions.Endpoint), etcd.Message, StringComparison.Ordinal);
    }
}

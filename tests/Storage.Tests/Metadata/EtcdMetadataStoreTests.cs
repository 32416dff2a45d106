using OrleansVector.Etcd;
using OrleansVector.Storage.Metadata;
using OrleansVector.TestSupport;

namespace OrleansVector.Storage.Tests.Metadata;

/// <summary>The conformance suite against a real etcd started on loopback; each test gets its own root path.</summary>
public sealed class EtcdMetadataStoreTests(EtcdServer etcd) : MetadataStoreConformanceTests, IClassFixture<EtcdServer>
{
    private readonly EtcdClient _client = new(new EtcdClientOptions { Endpoint = etcd.ClientUrl });
    private readonly string _root = $"test/{Guid.NewGuid():N}/";

    protected override Task<IMetadataStore> OpenStoreAsync() =>
        Task.FromResult<IMetadataStore>(new EtcdMetadataStore(_client, new EtcdMetadataStoreOptions { RootPath = _root }));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _client.Dispose();
    }

    [Fact]
    public async Task Data_is_visible_through_a_second_client()
    {
        await Store.PutAsync("shared", B("v"));

        using var other = new EtcdClient(new EtcdClientOptions { Endpoint = etcd.ClientUrl });
        await using var store = new EtcdMetadataStore(other, new EtcdMetadataStoreOptions { RootPath = _root });

        Assert.Equal("v", S((await store.GetAsync("shared"))!.Value));
    }

    [Fact]
    public void Root_path_without_trailing_slash_is_rejected()
    {
        var e = Assert.Throws<ArgumentException>(() => new EtcdMetadataStore(_client, new EtcdMetadataStoreOptions { RootPath = "meta" }));
        Assert.Equal(nameof(EtcdMetadataStoreOptions.RootPath), e.ParamName);
    }
}

using OrleansVector.Storage.ObjectStore;
using OrleansVector.TestSupport;

namespace OrleansVector.Storage.Tests.ObjectStore;

/// <summary>The conformance suite against S3ObjectStore talking to a real s3rver process on loopback.</summary>
public sealed class S3ObjectStoreTests : ObjectStoreConformanceTests, IClassFixture<S3rverFixture>, IDisposable
{
    private readonly S3ObjectStore _store;

    public S3ObjectStoreTests(S3rverFixture fixture) => _store = new S3ObjectStore(Options(fixture.Server));

    protected override IObjectStore Store => _store;

    internal static S3ObjectStoreOptions Options(S3rverServer server) => new()
    {
        ServiceUrl = server.ServiceUrl,
        Bucket = server.Bucket,
        AccessKey = S3rverServer.AccessKey,
        SecretKey = S3rverServer.SecretKey,
        PartSizeBytes = PartSize,
        // Small pages so listing exercises continuation tokens.
        ListPageSize = 2,
    };

    [Fact]
    public void Options_out_of_range_are_rejected_naming_the_setting()
    {
        Assert.Contains(nameof(S3ObjectStoreOptions.Bucket), Assert.Throws<ArgumentException>(() => new S3ObjectStoreOptions().Validate()).Message, StringComparison.Ordinal);
        var tooSmallParts = new S3ObjectStoreOptions { Bucket = "b", AccessKey = "a", SecretKey = "s", PartSizeBytes = 1 << 20 };
        Assert.Equal(nameof(S3ObjectStoreOptions.PartSizeBytes), Assert.Throws<ArgumentOutOfRangeException>(tooSmallParts.Validate).ParamName);
        var badUrl = new S3ObjectStoreOptions { Bucket = "b", AccessKey = "a", SecretKey = "s", ServiceUrl = "not a url" };
        Assert.Contains(nameof(S3ObjectStoreOptions.ServiceUrl), Assert.Throws<ArgumentException>(badUrl.Validate).Message, StringComparison.Ordinal);
    }

    public void Dispose() => _store.Dispose();
}

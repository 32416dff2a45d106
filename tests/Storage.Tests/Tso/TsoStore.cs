using OrleansVector.Storage.Metadata;

namespace OrleansVector.Storage.Tests.Tso;

/// <summary>A local metadata store in a temp folder that tests can close and reopen, as a restarting process would.</summary>
public sealed class TsoStore : IAsyncDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"ov-tso-{Guid.NewGuid():N}");

    public TsoStore() => Store = Open();

    public IMetadataStore Store { get; private set; }

    private LocalMetadataStore Open() => LocalMetadataStore.Open(new LocalMetadataStoreOptions { Directory = _dir });

    public async Task RestartAsync()
    {
        await Store.DisposeAsync();
        Store = Open();
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }
}

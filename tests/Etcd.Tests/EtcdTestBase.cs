using Google.Protobuf;
using OrleansVector.TestSupport;

namespace OrleansVector.Etcd.Tests;

/// <summary>A client on the shared etcd and a prefix no other test uses.</summary>
public abstract class EtcdTestBase(EtcdServer etcd) : IDisposable
{
    /// <summary>Hang guard for awaited events; never an assertion about speed.</summary>
    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    protected EtcdClient Client { get; } = new(new EtcdClientOptions { Endpoint = etcd.ClientUrl });

    protected string Prefix { get; } = $"/t/{Guid.NewGuid():N}/";

    protected ByteString Key(string name) => EtcdKeys.Utf8(Prefix + name);

    protected static ByteString Bytes(string text) => EtcdKeys.Utf8(text);

    public void Dispose()
    {
        Client.Dispose();
        GC.SuppressFinalize(this);
    }
}

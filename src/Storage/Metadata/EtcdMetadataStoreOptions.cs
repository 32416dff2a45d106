namespace OrleansVector.Storage.Metadata;

/// <summary>Settings of the etcd-backed metadata store.</summary>
public sealed class EtcdMetadataStoreOptions
{
    /// <summary>Prefix under which every key of this store lives in etcd, so clusters can share an etcd.</summary>
    public string RootPath { get; set; } = "orleans-vector/meta/";

    /// <summary>Throws an exception naming the first invalid setting.</summary>
    public void Validate()
    {
        MetadataKey.ValidatePrefix(RootPath);
        if (RootPath.Length == 0 || !RootPath.EndsWith('/'))
        {
            throw new ArgumentException($"{nameof(RootPath)} must be non-empty and end with '/', got '{RootPath}'", nameof(RootPath));
        }
    }
}

using OrleansVector.TestSupport;

namespace OrleansVector.Etcd.Tests;

/// <summary>One etcd for every test class in the collection; each test works under its own key prefix.</summary>
[CollectionDefinition(Name)]
public sealed class EtcdCollection : ICollectionFixture<EtcdServer>
{
    public const string Name = "etcd";
}

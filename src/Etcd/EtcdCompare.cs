using Google.Protobuf;
using OrleansVector.Etcd.Protocol;

namespace OrleansVector.Etcd;

/// <summary>Transaction guards (<see cref="Compare"/>) on a key's value, version, create revision or mod revision.</summary>
public static class EtcdCompare
{
    /// <summary>The key's value compared with <paramref name="value"/>.</summary>
    public static Compare Value(ByteString key, Compare.Types.CompareResult result, ByteString value) =>
        new() { Key = key, Target = Compare.Types.CompareTarget.Value, Result = result, Value = value };

    /// <summary>The key's version (number of puts since creation; 0 when absent).</summary>
    public static Compare Version(ByteString key, Compare.Types.CompareResult result, long version) =>
        new() { Key = key, Target = Compare.Types.CompareTarget.Version, Result = result, Version = version };

    /// <summary>The revision that created the key (0 when absent).</summary>
    public static Compare CreateRevision(ByteString key, Compare.Types.CompareResult result, long revision) =>
        new() { Key = key, Target = Compare.Types.CompareTarget.Create, Result = result, CreateRevision = revision };

    /// <summary>The revision of the key's last modification (0 when absent).</summary>
    public static Compare ModRevision(ByteString key, Compare.Types.CompareResult result, long revision) =>
        new() { Key = key, Target = Compare.Types.CompareTarget.Mod, Result = result, ModRevision = revision };

    /// <summary>Holds when the key does not exist.</summary>
    public static Compare Missing(ByteString key) => CreateRevision(key, Compare.Types.CompareResult.Equal, 0);

    /// <summary>Holds when the key exists.</summary>
    public static Compare Exists(ByteString key) => CreateRevision(key, Compare.Types.CompareResult.Greater, 0);
}

using Google.Protobuf;
using OrleansVector.Etcd.Protocol;

namespace OrleansVector.Etcd;

/// <summary>Transaction operations (<see cref="RequestOp"/>) and prefix ranges.</summary>
public static class EtcdOp
{
    /// <summary>Sets a key (attached to a lease when it is not 0).</summary>
    public static RequestOp Put(ByteString key, ByteString value, long lease = 0) =>
        new() { RequestPut = new PutRequest { Key = key, Value = value, Lease = lease } };

    /// <summary>Reads one key.</summary>
    public static RequestOp Get(ByteString key) => new() { RequestRange = new RangeRequest { Key = key } };

    /// <summary>Reads every key under a prefix.</summary>
    public static RequestOp GetPrefix(ByteString prefix) => new() { RequestRange = PrefixRange(prefix) };

    /// <summary>Deletes one key.</summary>
    public static RequestOp Delete(ByteString key) => new() { RequestDeleteRange = new DeleteRangeRequest { Key = key } };

    /// <summary>Deletes every key under a prefix.</summary>
    public static RequestOp DeletePrefix(ByteString prefix) => new() { RequestDeleteRange = PrefixDelete(prefix) };

    /// <summary>A range over every key under a prefix (all keys for an empty prefix).</summary>
    public static RangeRequest PrefixRange(ByteString prefix) =>
        new() { Key = RangeStart(prefix), RangeEnd = EtcdKeys.PrefixEnd(prefix) };

    /// <summary>A delete over every key under a prefix.</summary>
    public static DeleteRangeRequest PrefixDelete(ByteString prefix) =>
        new() { Key = RangeStart(prefix), RangeEnd = EtcdKeys.PrefixEnd(prefix) };

    // etcd rejects an empty key; "\0" with range end "\0" means every key.
    internal static ByteString RangeStart(ByteString prefix) => prefix.IsEmpty ? ByteString.CopyFrom(0) : prefix;
}

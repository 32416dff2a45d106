using Google.Protobuf;
using OrleansVector.Etcd;
using OrleansVector.Runtime.Clustering.Records;

namespace OrleansVector.Runtime.Clustering;

/// <summary>The etcd key layout of one cluster and the encoding of the values stored under it.</summary>
internal sealed class EtcdClusterKeys
{
    private readonly string _members;
    private readonly string _grains;

    public EtcdClusterKeys(string keyPrefix, string clusterId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(keyPrefix);
        ArgumentException.ThrowIfNullOrWhiteSpace(clusterId);
        var root = $"{keyPrefix.TrimEnd('/')}/{clusterId}/";
        _members = root + "members/";
        _grains = root + "grains/";
        MembersPrefix = EtcdKeys.Utf8(_members);
    }

    public ByteString MembersPrefix { get; }

    public ByteString Member(SiloAddress silo) => EtcdKeys.Utf8(_members + silo);

    public ByteString Grain(GrainId grain) => EtcdKeys.Utf8($"{_grains}{grain.Type}/{grain.Key}");

    public static ByteString Encode(SiloEntry entry) => new MemberRecord
    {
        Silo = entry.Address.ToString(),
        Name = entry.Name,
        Role = entry.Role,
        Status = (int)entry.Status,
        ActivationCount = entry.ActivationCount,
    }.ToByteString();

    public static SiloEntry DecodeMember(ByteString value)
    {
        var record = MemberRecord.Parser.ParseFrom(value);
        if (!Enum.IsDefined((SiloStatus)record.Status))
        {
            throw new InvalidDataException($"Membership record of silo {record.Silo} has unknown status {record.Status}.");
        }
        return new SiloEntry(SiloAddress.Parse(record.Silo), record.Name, record.Role, (SiloStatus)record.Status, record.ActivationCount);
    }

    public static ByteString Encode(GrainAddress address) => new DirectoryRecord
    {
        Silo = address.Silo.ToString(),
        ActivationId = ByteString.CopyFrom(address.ActivationId.Value.ToByteArray()),
    }.ToByteString();

    public static GrainAddress DecodeAddress(GrainId grain, ByteString value)
    {
        var record = DirectoryRecord.Parser.ParseFrom(value);
        if (record.ActivationId.Length != 16)
        {
            throw new InvalidDataException($"Directory record of {grain} has an activation id of {record.ActivationId.Length} bytes; expected 16.");
        }
        return new GrainAddress(grain, new ActivationId(new Guid(record.ActivationId.Span)), SiloAddress.Parse(record.Silo));
    }
}

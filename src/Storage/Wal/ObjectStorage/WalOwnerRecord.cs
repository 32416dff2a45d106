using System.Buffers.Binary;
using System.Text;

namespace OrleansVector.Storage.Wal.ObjectStorage;

/// <summary>The channel's owner key value: i64 epoch (little-endian) followed by the owner's UTF-8 id.</summary>
internal static class WalOwnerRecord
{
    public static byte[] Encode(long epoch, string ownerId)
    {
        var bytes = new byte[8 + Encoding.UTF8.GetByteCount(ownerId)];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, epoch);
        Encoding.UTF8.GetBytes(ownerId, bytes.AsSpan(8));
        return bytes;
    }

    public static long Epoch(ReadOnlySpan<byte> value, string key) => value.Length >= 8
        ? BinaryPrimitives.ReadInt64LittleEndian(value)
        : throw new WalCorruptException($"WAL owner record '{key}' has {value.Length} bytes; expected an 8-byte epoch and an owner id");

    public static string OwnerId(ReadOnlySpan<byte> value) => value.Length > 8 ? Encoding.UTF8.GetString(value[8..]) : "";
}

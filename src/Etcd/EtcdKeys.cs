using System.Text;
using Google.Protobuf;

namespace OrleansVector.Etcd;

/// <summary>Key helpers: UTF-8 keys and the range end that selects every key under a prefix.</summary>
public static class EtcdKeys
{
    private static readonly ByteString AllKeys = ByteString.CopyFrom(0);

    /// <summary>The UTF-8 bytes of a key.</summary>
    public static ByteString Utf8(string key) => ByteString.CopyFromUtf8(key);

    /// <summary>The smallest key greater than every key starting with <paramref name="prefix"/> (etcd's prefix range end).</summary>
    public static ByteString PrefixEnd(ByteString prefix)
    {
        var end = prefix.ToByteArray();
        for (var i = end.Length - 1; i >= 0; i--)
        {
            if (end[i] < 0xff)
            {
                end[i]++;
                return ByteString.CopyFrom(end, 0, i + 1);
            }
        }
        // An empty or all-0xff prefix covers every key from the prefix on; etcd spells that as "\0".
        return AllKeys;
    }

    /// <summary>Decodes a key written with <see cref="Utf8"/>.</summary>
    public static string ToUtf8(ByteString key) => key.ToString(Encoding.UTF8);
}

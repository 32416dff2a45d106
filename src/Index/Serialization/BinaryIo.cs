using System.Runtime.InteropServices;

namespace OrleansVector.Index.Serialization;

/// <summary>Length-prefixed arrays of unmanaged values (little-endian, as the machines we run on).</summary>
internal static class BinaryIo
{
    public static void WriteArray<T>(this BinaryWriter writer, ReadOnlySpan<T> values)
        where T : unmanaged
    {
        writer.Write(values.Length);
        writer.Write(MemoryMarshal.AsBytes(values));
    }

    public static T[] ReadArray<T>(this BinaryReader reader)
        where T : unmanaged
    {
        var length = reader.ReadInt32();
        if (length < 0)
        {
            throw new InvalidDataException($"An array length of {length} is invalid.");
        }

        var values = GC.AllocateUninitializedArray<T>(length);
        reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(values.AsSpan()));
        return values;
    }
}

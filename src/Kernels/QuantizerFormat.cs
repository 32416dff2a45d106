using System.Runtime.InteropServices;

namespace OrleansVector.Kernels;

/// <summary>Reading helpers shared by the quantizers' stream formats; every failure is an <see cref="InvalidDataException"/>.</summary>
internal static class QuantizerFormat
{
    public static void ReadHeader(BinaryReader reader, uint magic, int version, string what)
    {
        var actualMagic = Read(reader, r => r.ReadUInt32(), what);
        if (actualMagic != magic)
        {
            throw new InvalidDataException($"Not {what} quantizer data: magic 0x{actualMagic:X8}, expected 0x{magic:X8}.");
        }

        var actualVersion = Read(reader, r => r.ReadInt32(), what);
        if (actualVersion != version)
        {
            throw new InvalidDataException($"Unsupported {what} quantizer format version {actualVersion}; this build reads version {version}.");
        }
    }

    public static int ReadPositive(BinaryReader reader, string what)
    {
        var value = Read(reader, r => r.ReadInt32(), what);
        if (value <= 0)
        {
            throw new InvalidDataException($"Corrupt quantizer data: {what} is {value}, expected a positive number.");
        }

        return value;
    }

    public static float[] ReadFloats(BinaryReader reader, int count, string what)
    {
        var values = new float[count];
        var bytes = MemoryMarshal.AsBytes(values.AsSpan());
        var read = 0;
        for (int got; read < bytes.Length && (got = reader.Read(bytes[read..])) > 0;)
        {
            read += got;
        }

        if (read != bytes.Length || !AllFinite(values))
        {
            throw new InvalidDataException($"Corrupt or truncated quantizer data while reading {what}.");
        }

        return values;
    }

    private static bool AllFinite(float[] values) => Array.TrueForAll(values, float.IsFinite);

    private static T Read<T>(BinaryReader reader, Func<BinaryReader, T> read, string what)
    {
        try
        {
            return read(reader);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException($"Truncated {what} quantizer data.", e);
        }
    }
}

using System.Buffers.Binary;

namespace OrleansVector.Storage.Tests.Wal;

/// <summary>
/// Deterministic record contents for crash tests: the first 12 bytes name (round, writer, sequence) and the rest is
/// a pseudo-random fill seeded by them, so the parent can rebuild what the child wrote and recognise any record.
/// </summary>
internal static class CrashPayload
{
    public static byte[] Create(int round, int writer, int sequence)
    {
        // The seed must be the same in the parent and the child process (HashCode is randomised per process).
        var random = new Random(unchecked((round * 1_000_003) + (writer * 10_007) + sequence));
        var payload = new byte[12 + random.Next(1, 2000)];
        BinaryPrimitives.WriteInt32LittleEndian(payload, round);
        BinaryPrimitives.WriteInt32LittleEndian(payload.AsSpan(4), writer);
        BinaryPrimitives.WriteInt32LittleEndian(payload.AsSpan(8), sequence);
        random.NextBytes(payload.AsSpan(12));
        return payload;
    }

    /// <summary>True when <paramref name="payload"/> is exactly what <see cref="Create"/> makes for the key it carries.</summary>
    public static bool IsIntact(ReadOnlySpan<byte> payload) =>
        payload.Length >= 12 && payload.SequenceEqual(Create(
            BinaryPrimitives.ReadInt32LittleEndian(payload),
            BinaryPrimitives.ReadInt32LittleEndian(payload[4..]),
            BinaryPrimitives.ReadInt32LittleEndian(payload[8..])));
}

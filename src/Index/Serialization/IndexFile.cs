using System.Text;
using OrleansVector.Kernels;

namespace OrleansVector.Index.Serialization;

/// <summary>
/// The index file: "OVIX", a format version (uint16), then a checksummed chunk stream (<see cref="ChecksummedWriteStream"/>)
/// holding the index type, metric, dimension and the type's payload. Every byte is verified before it is parsed.
/// </summary>
internal static class IndexFile
{
    public const ushort FormatVersion = 1;
    private static readonly byte[] Magic = "OVIX"u8.ToArray();

    public static void Write(Stream stream, IVectorIndex index, Action<BinaryWriter> writePayload)
    {
        stream.Write(Magic);
        Span<byte> version = stackalloc byte[2];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(version, FormatVersion);
        stream.Write(version);
        var chunks = new ChecksummedWriteStream(stream);
        using (var writer = new BinaryWriter(chunks, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(index.IndexType);
            writer.Write(Metrics.MilvusName(index.Metric));
            writer.Write(index.Dimension);
            writePayload(writer);
        }

        chunks.Finish();
    }

    /// <summary>Reads the header, hands the payload to <paramref name="readPayload"/> and checks it was consumed exactly.</summary>
    public static IVectorIndex Read(Stream stream, string source, Func<string, MetricType, int, BinaryReader, IVectorIndex> readPayload)
    {
        Span<byte> prefix = stackalloc byte[6];
        var got = stream.ReadAtLeast(prefix, prefix.Length, throwOnEndOfStream: false);
        if (got < prefix.Length || !prefix[..4].SequenceEqual(Magic))
        {
            throw new InvalidDataException($"Index data from {source} is not an index file (it does not start with \"OVIX\").");
        }

        var version = System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(prefix[4..]);
        if (version != FormatVersion)
        {
            throw new InvalidDataException($"Index data from {source} has format version {version}; this build reads version {FormatVersion}.");
        }

        var chunks = new ChecksummedReadStream(stream, source);
        using var reader = new BinaryReader(chunks, Encoding.UTF8, leaveOpen: true);
        try
        {
            var indexType = reader.ReadString();
            var metric = Metrics.Parse(reader.ReadString());
            var dimension = reader.ReadInt32();
            var index = readPayload(indexType, metric, dimension, reader);
            chunks.VerifyEnd();
            return index;
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException($"Index data from {source} ends before the index is complete.", e);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"Index data from {source} describes an invalid index: {e.Message}", e);
        }
    }
}

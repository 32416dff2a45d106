using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace OrleansVector.Index.Datasets;

/// <summary>
/// Readers and writers for the texmex formats (corpus-texmex.irisa.fr), little-endian:
/// every record is an int32 dimension d followed by d values — float32 (.fvecs), int32 (.ivecs) or uint8 (.bvecs).
/// All records of a file must have the same d. Errors name the file, the record and what was wrong.
/// </summary>
public static class VecsFile
{
    /// <summary>Largest dimension accepted in a header; anything larger is taken as a corrupt or foreign file.</summary>
    public const int MaxDim = 1 << 16;

    private delegate void RowDecoder<T>(ReadOnlySpan<byte> payload, Span<T> row);

    /// <summary>Reads a .fvecs stream (at most <paramref name="maxCount"/> records).</summary>
    public static VectorArray<float> ReadFvecs(Stream stream, string name, int maxCount = int.MaxValue) =>
        ReadRecords<float>(stream, name, sizeof(float), maxCount, DecodeFourByte);

    /// <summary>Reads a .ivecs stream (ground-truth ids) (at most <paramref name="maxCount"/> records).</summary>
    public static VectorArray<int> ReadIvecs(Stream stream, string name, int maxCount = int.MaxValue) =>
        ReadRecords<int>(stream, name, sizeof(int), maxCount, DecodeFourByte);

    /// <summary>Reads a .bvecs stream, converting every uint8 value to float (at most <paramref name="maxCount"/> records).</summary>
    public static VectorArray<float> ReadBvecs(Stream stream, string name, int maxCount = int.MaxValue) =>
        ReadRecords<float>(stream, name, sizeof(byte), maxCount, DecodeBytes);

    public static VectorArray<float> ReadFvecs(string path, int maxCount = int.MaxValue) => WithFile(path, s => ReadFvecs(s, path, maxCount));

    public static VectorArray<int> ReadIvecs(string path, int maxCount = int.MaxValue) => WithFile(path, s => ReadIvecs(s, path, maxCount));

    public static VectorArray<float> ReadBvecs(string path, int maxCount = int.MaxValue) => WithFile(path, s => ReadBvecs(s, path, maxCount));

    /// <summary>Reads float vectors from a .fvecs or .bvecs file, chosen by the file extension.</summary>
    public static VectorArray<float> ReadFloatVectors(string path, int maxCount = int.MaxValue) =>
        Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".fvecs" => ReadFvecs(path, maxCount),
            ".bvecs" => ReadBvecs(path, maxCount),
            _ => throw new ArgumentException($"'{path}': unknown vector file extension; expected .fvecs or .bvecs", nameof(path)),
        };

    public static void WriteFvecs(Stream stream, VectorArray<float> vectors) => WriteRecords(stream, vectors);

    public static void WriteIvecs(Stream stream, VectorArray<int> vectors) => WriteRecords(stream, vectors);

    public static void WriteFvecs(string path, VectorArray<float> vectors)
    {
        using var file = File.Create(path);
        WriteFvecs(file, vectors);
    }

    public static void WriteIvecs(string path, VectorArray<int> vectors)
    {
        using var file = File.Create(path);
        WriteIvecs(file, vectors);
    }

    private static TResult WithFile<TResult>(string path, Func<Stream, TResult> read)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 20);
        return read(file);
    }

    private static VectorArray<T> ReadRecords<T>(Stream stream, string name, int fileElementSize, int maxCount, RowDecoder<T> decode)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
        if (!stream.CanSeek)
        {
            // The record count comes from the length; buffer a forward-only stream once.
            using var buffered = new MemoryStream();
            stream.CopyTo(buffered);
            buffered.Position = 0;
            return ReadRecords(buffered, name, fileElementSize, maxCount, decode);
        }

        var remaining = stream.Length - stream.Position;
        if (remaining < sizeof(int))
        {
            throw new InvalidDataException($"'{name}': no vectors (the file holds {remaining} bytes, a record needs a 4-byte dimension header)");
        }
        Span<byte> header = stackalloc byte[sizeof(int)];
        stream.ReadExactly(header);
        var dim = BinaryPrimitives.ReadInt32LittleEndian(header);
        if (dim < 1 || dim > MaxDim)
        {
            throw new InvalidDataException($"'{name}': record 0 declares dimension {dim}; valid dimensions are 1..{MaxDim} (is this the right format?)");
        }
        var payloadBytes = dim * fileElementSize;
        var recordBytes = sizeof(int) + payloadBytes;
        if (remaining % recordBytes != 0)
        {
            throw new InvalidDataException(
                $"'{name}': {remaining} bytes is not a whole number of {recordBytes}-byte records of dimension {dim}; " +
                $"record {remaining / recordBytes} is truncated or the records have different dimensions");
        }
        if (remaining / recordBytes * dim > Array.MaxLength)
        {
            throw new InvalidDataException($"'{name}': {remaining / recordBytes} records of dimension {dim} do not fit in one array; pass a smaller maxCount");
        }
        var count = (int)Math.Min(remaining / recordBytes, maxCount);
        var data = new T[count * dim];
        var record = ArrayPool<byte>.Shared.Rent(recordBytes);
        try
        {
            for (var i = 0; i < count; i++)
            {
                var payload = record.AsSpan(0, payloadBytes);
                if (i > 0)
                {
                    stream.ReadExactly(record.AsSpan(0, recordBytes));
                    var recordDim = BinaryPrimitives.ReadInt32LittleEndian(record);
                    if (recordDim != dim)
                    {
                        throw new InvalidDataException($"'{name}': record {i} declares dimension {recordDim}, but record 0 declares {dim}");
                    }
                    payload = record.AsSpan(sizeof(int), payloadBytes);
                }
                else
                {
                    stream.ReadExactly(payload);
                }
                decode(payload, data.AsSpan(i * dim, dim));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(record);
        }
        return new VectorArray<T>(data, count, dim);
    }

    private static void DecodeFourByte<T>(ReadOnlySpan<byte> payload, Span<T> row) where T : unmanaged
    {
        var values = MemoryMarshal.Cast<T, int>(row);
        payload.CopyTo(MemoryMarshal.AsBytes(values));
        if (!BitConverter.IsLittleEndian)
        {
            BinaryPrimitives.ReverseEndianness(values, values);
        }
    }

    private static void DecodeBytes(ReadOnlySpan<byte> payload, Span<float> row)
    {
        for (var j = 0; j < payload.Length; j++)
        {
            row[j] = payload[j];
        }
    }

    private static void WriteRecords<T>(Stream stream, VectorArray<T> vectors) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(vectors);
        var payloadBytes = vectors.Dim * 4;
        var record = ArrayPool<byte>.Shared.Rent(sizeof(int) + payloadBytes);
        try
        {
            BinaryPrimitives.WriteInt32LittleEndian(record, vectors.Dim);
            for (var i = 0; i < vectors.Count; i++)
            {
                var values = MemoryMarshal.Cast<byte, int>(record.AsSpan(sizeof(int), payloadBytes));
                MemoryMarshal.Cast<T, int>(vectors.Row(i)).CopyTo(values);
                if (!BitConverter.IsLittleEndian)
                {
                    BinaryPrimitives.ReverseEndianness(values, values);
                }
                stream.Write(record, 0, sizeof(int) + payloadBytes);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(record);
        }
    }
}

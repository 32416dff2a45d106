using OrleansVector.Storage.Segments;

namespace OrleansVector.Storage.Tests.Segments;

/// <summary>Segment files in memory: encoded bytes, and values written and read back through them.</summary>
internal static class SegmentFileBytes
{
    public static byte[] Of(Stream content)
    {
        using var buffer = new MemoryStream();
        using (content)
        {
            content.CopyTo(buffer);
            Assert.Equal(content.Length, buffer.Length);
        }
        return buffer.ToArray();
    }

    /// <summary>Encodes and decodes <paramref name="value"/>; a memory stream completes every read at once, so this never blocks.</summary>
    public static T RoundTrip<T>(SegmentFileFormat<T> format, T value)
    {
        var bytes = Of(format.Encode(value));
        using var file = new MemoryStream(bytes);
        return format.ReadAsync(file, bytes.Length, "in-memory").GetAwaiter().GetResult();
    }
}

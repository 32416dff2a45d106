using System.Buffers;
using System.Text;

namespace OrleansVector.Storage.Segments;

/// <summary>A string's UTF-8 bytes in a pooled buffer, so looking a VarChar key up allocates nothing.</summary>
internal readonly ref struct PooledUtf8 : IDisposable
{
    private readonly byte[] _rented;

    public PooledUtf8(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        _rented = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        Bytes = _rented.AsSpan(0, Encoding.UTF8.GetBytes(text, _rented));
    }

    public ReadOnlySpan<byte> Bytes { get; }

    public void Dispose() => ArrayPool<byte>.Shared.Return(_rented);
}

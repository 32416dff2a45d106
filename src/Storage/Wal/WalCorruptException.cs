namespace OrleansVector.Storage.Wal;

/// <summary>A write-ahead log holds data that fails verification where acknowledged records should be.</summary>
public sealed class WalCorruptException : IOException
{
    public WalCorruptException(string message) : base(message) { }

    public WalCorruptException(string message, Exception inner) : base(message, inner) { }
}

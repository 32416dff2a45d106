namespace OrleansVector.Storage.Wal;

/// <summary>This writer lost ownership of the channel: a newer owner bumped the epoch. Nothing it appends commits.</summary>
public sealed class WalFencedException : InvalidOperationException
{
    public WalFencedException(string message) : base(message) { }

    public WalFencedException(string message, Exception inner) : base(message, inner) { }
}

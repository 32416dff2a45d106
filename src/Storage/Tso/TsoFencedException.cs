namespace OrleansVector.Storage.Tso;

/// <summary>Another allocator moved the persisted high-water mark: this one must stop handing out values (a newer one serves them).</summary>
public sealed class TsoFencedException(string message) : InvalidOperationException(message);

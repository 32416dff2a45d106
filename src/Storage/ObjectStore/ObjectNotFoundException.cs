namespace OrleansVector.Storage.ObjectStore;

/// <summary>The object a caller asked for does not exist.</summary>
public sealed class ObjectNotFoundException : FileNotFoundException
{
    public ObjectNotFoundException(string key) : base($"Object '{key}' does not exist.", key) => Key = key;

    public ObjectNotFoundException(string key, Exception inner) : base($"Object '{key}' does not exist.", key, inner) => Key = key;

    /// <summary>The missing key.</summary>
    public string Key { get; }
}

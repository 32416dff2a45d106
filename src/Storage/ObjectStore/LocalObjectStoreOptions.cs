namespace OrleansVector.Storage.ObjectStore;

/// <summary>Settings of <see cref="LocalObjectStore"/>.</summary>
public sealed class LocalObjectStoreOptions
{
    /// <summary>The folder that holds the store (objects under "objects/", in-flight puts under "tmp/"). Required.</summary>
    public string RootDirectory { get; set; } = "";

    /// <summary>fsync each object and its folder before a put completes. Default true; false only for throwaway data.</summary>
    public bool Fsync { get; set; } = true;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the setting that is wrong.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(RootDirectory))
        {
            throw new ArgumentException("LocalObjectStoreOptions.RootDirectory is required.", nameof(RootDirectory));
        }
    }
}

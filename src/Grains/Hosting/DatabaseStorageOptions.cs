namespace OrleansVector.Grains.Hosting;

/// <summary>Where a standalone database keeps what outlives the process: metadata, WAL and objects under one folder.</summary>
public sealed class DatabaseStorageOptions
{
    /// <summary>The data folder; metadata/, wal/ and objects/ are created below it.</summary>
    public string DataDirectory { get; set; } = "";

    /// <summary>Fsync each object store write before it is acknowledged (turn off only for throwaway test data).</summary>
    public bool FsyncObjects { get; set; } = true;

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(DataDirectory))
        {
            throw new ArgumentException("DatabaseStorageOptions.DataDirectory must name a folder.", nameof(DataDirectory));
        }
    }
}

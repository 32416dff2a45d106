namespace OrleansVector.Storage.ObjectStore;

/// <summary>Settings of <see cref="S3ObjectStore"/> (AWS S3, MinIO or another S3-compatible server).</summary>
public sealed class S3ObjectStoreOptions
{
    /// <summary>The endpoint, e.g. http://minio:9000. Empty means AWS S3 in <see cref="Region"/>.</summary>
    public string ServiceUrl { get; set; } = "";

    /// <summary>The bucket; it must exist. Required.</summary>
    public string Bucket { get; set; } = "";

    /// <summary>The access key id. Required.</summary>
    public string AccessKey { get; set; } = "";

    /// <summary>The secret key. Required.</summary>
    public string SecretKey { get; set; } = "";

    /// <summary>The signing region. Default us-east-1 (what MinIO expects unless configured otherwise).</summary>
    public string Region { get; set; } = "us-east-1";

    /// <summary>Address buckets as http://host/bucket/key rather than http://bucket.host/key. Default true (MinIO, s3rver).</summary>
    public bool ForcePathStyle { get; set; } = true;

    /// <summary>
    /// Objects larger than this go up as a multipart upload in parts of this size (a streaming put holds one part in
    /// memory). 5 MiB .. 512 MiB; default 8 MiB.
    /// </summary>
    public int PartSizeBytes { get; set; } = 8 << 20;

    /// <summary>How many keys one ListObjectsV2 call asks for. 1 .. 1000 (the S3 maximum, and the default).</summary>
    public int ListPageSize { get; set; } = 1000;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the setting that is wrong.</summary>
    public void Validate()
    {
        Require(Bucket, nameof(Bucket));
        Require(AccessKey, nameof(AccessKey));
        Require(SecretKey, nameof(SecretKey));
        Require(Region, nameof(Region));
        if (ServiceUrl.Length > 0 && !Uri.TryCreate(ServiceUrl, UriKind.Absolute, out _))
        {
            throw new ArgumentException($"S3ObjectStoreOptions.ServiceUrl '{ServiceUrl}' is not an absolute URL.", nameof(ServiceUrl));
        }
        if (PartSizeBytes is < 5 << 20 or > 512 << 20)
        {
            throw new ArgumentOutOfRangeException(nameof(PartSizeBytes), PartSizeBytes, "S3ObjectStoreOptions.PartSizeBytes must be in 5 MiB .. 512 MiB (S3 parts are at least 5 MiB).");
        }
        if (ListPageSize is < 1 or > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(ListPageSize), ListPageSize, "S3ObjectStoreOptions.ListPageSize must be in 1 .. 1000.");
        }
    }

    private static void Require(string value, string name)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"S3ObjectStoreOptions.{name} is required.", name);
        }
    }
}

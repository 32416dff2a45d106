using System.Buffers;
using System.Net;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace OrleansVector.Storage.ObjectStore;

/// <summary>
/// An object store in an S3-compatible bucket (cluster mode; MinIO in production) on AWSSDK.S3. Every PutObject and
/// UploadPart sets <c>UseChunkEncoding = false</c>: over plain HTTP the SDK otherwise sends aws-chunked bodies,
/// which S3-compatible servers such as s3rver store with the chunk framing inside. Large objects go up as manual
/// multipart uploads (never TransferUtility, which has no such switch).
/// </summary>
public sealed class S3ObjectStore : IObjectStore, IDisposable
{
    private readonly AmazonS3Client _client;
    private readonly string _bucket;
    private readonly int _partSize;
    private readonly int _listPageSize;

    public S3ObjectStore(S3ObjectStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var config = new AmazonS3Config
        {
            ForcePathStyle = options.ForcePathStyle,
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (options.ServiceUrl.Length > 0)
        {
            config.ServiceURL = options.ServiceUrl;
            config.AuthenticationRegion = options.Region;
            config.UseHttp = options.ServiceUrl.StartsWith("http:", StringComparison.OrdinalIgnoreCase);
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(options.Region);
        }
        _client = new AmazonS3Client(new BasicAWSCredentials(options.AccessKey, options.SecretKey), config);
        _bucket = options.Bucket;
        _partSize = options.PartSizeBytes;
        _listPageSize = options.ListPageSize;
    }

    public async Task PutAsync(string key, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        ObjectKey.Validate(key);
        if (data.Length <= _partSize)
        {
            await PutSingleAsync(key, data, cancellationToken);
            return;
        }
        await UploadMultipartAsync(key, async (upload, ct) =>
        {
            for (var offset = 0; offset < data.Length; offset += _partSize)
            {
                await upload(data.Slice(offset, Math.Min(_partSize, data.Length - offset)), ct);
            }
        }, cancellationToken);
    }

    public async Task PutAsync(string key, Stream content, CancellationToken cancellationToken = default)
    {
        ObjectKey.Validate(key);
        ArgumentNullException.ThrowIfNull(content);
        var buffer = ArrayPool<byte>.Shared.Rent(_partSize);
        try
        {
            var first = await content.ReadAtLeastAsync(buffer.AsMemory(0, _partSize), _partSize, throwOnEndOfStream: false, cancellationToken);
            if (first < _partSize)
            {
                await PutSingleAsync(key, buffer.AsMemory(0, first), cancellationToken);
                return;
            }
            await UploadMultipartAsync(key, async (upload, ct) =>
            {
                for (var length = first; length > 0;
                     length = await content.ReadAtLeastAsync(buffer.AsMemory(0, _partSize), _partSize, throwOnEndOfStream: false, ct))
                {
                    await upload(buffer.AsMemory(0, length), ct);
                }
            }, cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public async Task<byte[]> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        ObjectKey.Validate(key);
        using var response = await GetObjectAsync(new GetObjectRequest { BucketName = _bucket, Key = key }, key, cancellationToken);
        return await ReadBodyAsync(response, cancellationToken);
    }

    public async Task<byte[]> GetRangeAsync(string key, long offset, int length, CancellationToken cancellationToken = default)
    {
        ObjectKey.Validate(key);
        ObjectStoreArguments.ValidateRange(offset, length);
        if (length > 0)
        {
            try
            {
                var request = new GetObjectRequest { BucketName = _bucket, Key = key, ByteRange = new ByteRange(offset, offset + length - 1) };
                using var response = await GetObjectAsync(request, key, cancellationToken);
                var body = await ReadBodyAsync(response, cancellationToken);
                // HTTP lets a server send the whole object (200) instead of the range, and s3rver answers bytes=0-0 with
                // 206 and everything from 0: cut to what was asked for.
                var start = response.HttpStatusCode == HttpStatusCode.PartialContent ? 0 : (int)Math.Min(offset, body.Length);
                var count = Math.Min(body.Length - start, length);
                return count == body.Length ? body : body.AsSpan(start, count).ToArray();
            }
            catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
            {
                // The range starts at or past the end: fall through to the existence check.
            }
        }
        return await GetInfoAsync(key, cancellationToken) is null ? throw new ObjectNotFoundException(key) : [];
    }

    public async Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken = default)
    {
        ObjectKey.Validate(key);
        var response = await GetObjectAsync(new GetObjectRequest { BucketName = _bucket, Key = key }, key, cancellationToken);
        // Disposing the response stream releases the connection.
        return response.ResponseStream;
    }

    public async Task<ObjectInfo?> GetInfoAsync(string key, CancellationToken cancellationToken = default)
    {
        ObjectKey.Validate(key);
        try
        {
            var metadata = await _client.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = _bucket, Key = key }, cancellationToken);
            return new ObjectInfo(key, metadata.ContentLength, metadata.LastModified ?? default);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, CancellationToken cancellationToken = default)
    {
        ObjectKey.ValidatePrefix(prefix);
        return ListPagesAsync(prefix, cancellationToken);
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        ObjectKey.Validate(key);
        await _client.DeleteObjectAsync(new DeleteObjectRequest { BucketName = _bucket, Key = key }, cancellationToken);
    }

    public void Dispose() => _client.Dispose();

    private async IAsyncEnumerable<ObjectInfo> ListPagesAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? continuation = null;
        do
        {
            var page = await _client.ListObjectsV2Async(
                new ListObjectsV2Request { BucketName = _bucket, Prefix = prefix, ContinuationToken = continuation, MaxKeys = _listPageSize }, cancellationToken);
            // SDK v4 collections are null, not empty, when nothing matches.
            foreach (var item in page.S3Objects ?? [])
            {
                yield return new ObjectInfo(item.Key, item.Size ?? 0, item.LastModified ?? default);
            }
            continuation = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (continuation is not null);
    }

    private async Task PutSingleAsync(string key, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        using var body = AsStream(data);
        await _client.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = key, InputStream = body, UseChunkEncoding = false }, cancellationToken);
    }

    /// <summary>Runs a multipart upload: <paramref name="produceParts"/> hands each part to the upload callback in order.</summary>
    private async Task UploadMultipartAsync(string key,
        Func<Func<ReadOnlyMemory<byte>, CancellationToken, Task>, CancellationToken, Task> produceParts, CancellationToken cancellationToken)
    {
        var started = await _client.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = _bucket, Key = key }, cancellationToken);
        var parts = new List<PartETag>();
        try
        {
            await produceParts(async (part, ct) =>
            {
                using var body = AsStream(part);
                var number = parts.Count + 1;
                var uploaded = await _client.UploadPartAsync(new UploadPartRequest
                {
                    BucketName = _bucket, Key = key, UploadId = started.UploadId, PartNumber = number,
                    InputStream = body, PartSize = part.Length, UseChunkEncoding = false,
                }, ct);
                parts.Add(new PartETag(number, uploaded.ETag));
            }, cancellationToken);
            await _client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = _bucket, Key = key, UploadId = started.UploadId, PartETags = parts,
            }, cancellationToken);
        }
        catch
        {
            await TryAbortAsync(key, started.UploadId);
            throw;
        }
    }

    private async Task TryAbortAsync(string key, string uploadId)
    {
        try
        {
            await _client.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = _bucket, Key = key, UploadId = uploadId });
        }
        catch (AmazonS3Exception)
        {
            // Some S3-compatible servers (s3rver) do not implement abort; a bucket lifecycle rule cleans up instead.
        }
    }

    private async Task<GetObjectResponse> GetObjectAsync(GetObjectRequest request, string key, CancellationToken cancellationToken)
    {
        try
        {
            return await _client.GetObjectAsync(request, cancellationToken);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            throw new ObjectNotFoundException(key, ex);
        }
    }

    private static async Task<byte[]> ReadBodyAsync(GetObjectResponse response, CancellationToken cancellationToken)
    {
        var body = GC.AllocateUninitializedArray<byte>(checked((int)response.ContentLength));
        await response.ResponseStream.ReadExactlyAsync(body, cancellationToken);
        return body;
    }

    private static MemoryStream AsStream(ReadOnlyMemory<byte> data) =>
        MemoryMarshal.TryGetArray(data, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(data.ToArray(), writable: false);
}

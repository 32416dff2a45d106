using System.Diagnostics;
using System.Globalization;

namespace OrleansVector.TestSupport;

/// <summary>
/// An s3rver (npm, from tests/node/node_modules) on a free loopback port with one bucket, for S3 tests. It binds
/// port 0 and reports the port it got, so there is no race for the port. Started with the workarounds in
/// reference/test-infra.md: NODE_OPTIONS=--openssl-legacy-provider (ListObjectsV2 paging) and credentials
/// S3RVER/S3RVER (the only ones it accepts). Stopped through its own Process handle; its data folder is deleted.
/// </summary>
public sealed class S3rverServer : IAsyncDisposable
{
    public const string AccessKey = "S3RVER";
    public const string SecretKey = "S3RVER";

    private readonly Process _process;
    private readonly string _dataDirectory;

    private S3rverServer(Process process, string dataDirectory, string serviceUrl, string bucket)
    {
        _process = process;
        _dataDirectory = dataDirectory;
        ServiceUrl = serviceUrl;
        Bucket = bucket;
    }

    /// <summary>http://127.0.0.1:{port}</summary>
    public string ServiceUrl { get; }

    /// <summary>The bucket created at startup.</summary>
    public string Bucket { get; }

    /// <summary>Starts s3rver and returns once it listens.</summary>
    public static async Task<S3rverServer> StartAsync(string bucket = "test-bucket")
    {
        var node = RequiredTool.Find("node", "apt-get install nodejs");
        var script = RequiredTool.NodeModule(Path.Combine("s3rver", "bin", "s3rver.js"));
        var data = Directory.CreateTempSubdirectory("ov-s3rver-").FullName;
        var start = new ProcessStartInfo(node)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { script, "-d", data, "-a", "127.0.0.1", "-p", "0", "--silent", "--configure-bucket", bucket })
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["NODE_OPTIONS"] = "--openssl-legacy-provider";
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start s3rver.");
        try
        {
            var stderr = process.StandardError.ReadToEndAsync();
            // A hang guard, not a speed check.
            using var hang = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            const string Listening = "S3rver listening on ";
            while (await process.StandardOutput.ReadLineAsync(hang.Token) is { } line)
            {
                if (line.StartsWith(Listening, StringComparison.Ordinal))
                {
                    var port = int.Parse(line[(line.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture);
                    // Keep draining stdout so the server never blocks on a full pipe.
                    _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
                    return new S3rverServer(process, data, $"http://127.0.0.1:{port}", bucket);
                }
            }
            throw new InvalidOperationException($"s3rver exited before listening: {await stderr}");
        }
        catch
        {
            process.Kill();
            process.Dispose();
            Directory.Delete(data, recursive: true);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }
        await _process.WaitForExitAsync();
        _process.Dispose();
        Directory.Delete(_dataDirectory, recursive: true);
    }
}

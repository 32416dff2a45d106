namespace OrleansVector.Runtime.Configuration;

/// <summary>
/// Where the etcd membership table and grain directory live: the etcd endpoint and a key prefix. Keys are
/// <c>{KeyPrefix}/{ClusterId}/members/…</c> and <c>{KeyPrefix}/{ClusterId}/grains/…</c>, so clusters can share one etcd.
/// </summary>
public sealed class EtcdClusteringOptions : IValidatedOptions
{
    public Uri Endpoint { get; set; } = new("http://127.0.0.1:2379");

    public string KeyPrefix { get; set; } = "/orleansvector/runtime";

    /// <summary>How long one etcd call may take before it fails (a failed renewal is retried at the next keep-alive tick).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(5);

    public IEnumerable<string> Validate()
    {
        foreach (var error in OptionChecks.NotEmpty(nameof(KeyPrefix), KeyPrefix).Concat(OptionChecks.Positive(nameof(RequestTimeout), RequestTimeout)))
        {
            yield return error;
        }
        if (Endpoint is null || !Endpoint.IsAbsoluteUri || Endpoint.Scheme != Uri.UriSchemeHttp)
        {
            yield return $"{nameof(Endpoint)} is '{Endpoint}'; it must be an absolute http:// URI of an etcd client endpoint.";
        }
    }
}

using System.Net;

namespace OrleansVector.Runtime.Configuration;

/// <summary>
/// How a <see cref="Client.ClusterClient"/> finds gateway silos — a fixed list, or the live members of the cluster's etcd
/// membership table — and how long it waits for answers.
/// </summary>
public sealed class ClusterClientOptions : IValidatedOptions
{
    /// <summary>Must equal the silos' <see cref="ClusterOptions.ClusterId"/>; they reject messages for another cluster.</summary>
    public string ClusterId { get; set; } = "default";

    /// <summary>Silo endpoints to call through, when gateways are not learned from etcd.</summary>
    public List<IPEndPoint> Gateways { get; } = [];

    /// <summary>When set, the gateways are the active members of the cluster's membership table in this etcd.</summary>
    public EtcdClusteringOptions? Etcd { get; set; }

    /// <summary>How long a call waits unless its method has <see cref="ResponseTimeoutAttribute"/>.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a gateway that could not be reached is skipped before it is tried again.</summary>
    public TimeSpan GatewayRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The largest response accepted, in bytes.</summary>
    public int MaxMessageSize { get; set; } = 100 * 1024 * 1024;

    public IEnumerable<string> Validate()
    {
        var errors = OptionChecks.NotEmpty(nameof(ClusterId), ClusterId)
            .Concat(OptionChecks.Positive(nameof(ResponseTimeout), ResponseTimeout))
            .Concat(OptionChecks.Positive(nameof(GatewayRetryDelay), GatewayRetryDelay))
            .Concat(OptionChecks.Positive(nameof(MaxMessageSize), MaxMessageSize))
            .Concat(Etcd?.Validate().Select(e => $"{nameof(Etcd)}.{e}") ?? []);
        foreach (var error in errors)
        {
            yield return error;
        }
        if (Gateways.Count == 0 && Etcd is null)
        {
            yield return $"No gateway: set {nameof(Gateways)} or {nameof(Etcd)}.";
        }
    }
}

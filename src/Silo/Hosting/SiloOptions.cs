using System.ComponentModel.DataAnnotations;
using System.Net;

namespace OrleansVector.Silo.Hosting;

/// <summary>Where a silo listens and where it keeps its data. Bound from the "Silo" configuration section.</summary>
public sealed class SiloOptions : IValidatableObject
{
    public const string SectionName = "Silo";

    /// <summary>Folder for the WAL, object store and metadata in standalone mode; relative paths resolve against the working directory.</summary>
    [Required]
    public string DataDirectory { get; set; } = "data";

    /// <summary>Address both listeners bind. 127.0.0.1 by default; 0.0.0.0 binds all interfaces.</summary>
    [Required]
    public string ListenAddress { get; set; } = "127.0.0.1";

    /// <summary>Milvus gRPC port (cleartext HTTP/2).</summary>
    [Range(1, 65535)]
    public int GrpcPort { get; set; } = 19530;

    /// <summary>HTTP/1.1 port for REST, /healthz and /metrics.</summary>
    [Range(1, 65535)]
    public int HttpPort { get; set; } = 9091;

    /// <summary>How long a graceful shutdown may take before the host stops waiting.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(8);

    public IPAddress ParsedListenAddress => IPAddress.Parse(ListenAddress);

    public string FullDataDirectory => Path.GetFullPath(DataDirectory);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IPAddress.TryParse(ListenAddress, out _))
        {
            yield return new ValidationResult($"Silo:ListenAddress '{ListenAddress}' is not an IP address.", [nameof(ListenAddress)]);
        }
        if (GrpcPort == HttpPort)
        {
            yield return new ValidationResult($"Silo:GrpcPort and Silo:HttpPort must differ (both are {GrpcPort}).", [nameof(GrpcPort), nameof(HttpPort)]);
        }
    }
}

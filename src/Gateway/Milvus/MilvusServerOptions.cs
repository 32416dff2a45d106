using System.ComponentModel.DataAnnotations;

namespace OrleansVector.Gateway.Milvus;

/// <summary>How the gateway presents itself to Milvus clients. Bound from the "Gateway:Milvus" configuration section.</summary>
public sealed class MilvusServerOptions : IValidatableObject
{
    public const string SectionName = "Gateway:Milvus";

    /// <summary>The Milvus version whose wire behaviour the gateway follows, returned by GetVersion and in ServerInfo.build_tags.</summary>
    [Required]
    public string ServerVersion { get; set; } = "v2.6.0";

    public MilvusDeployMode DeployMode { get; set; } = MilvusDeployMode.Standalone;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!ServerVersion.StartsWith('v') || !Version.TryParse(ServerVersion.AsSpan(1), out _))
        {
            yield return new ValidationResult(
                $"{SectionName}:ServerVersion '{ServerVersion}' is not a Milvus version such as v2.6.0.", [nameof(ServerVersion)]);
        }
        if (!Enum.IsDefined(DeployMode))
        {
            yield return new ValidationResult($"{SectionName}:DeployMode '{DeployMode}' is neither Standalone nor Cluster.", [nameof(DeployMode)]);
        }
    }
}

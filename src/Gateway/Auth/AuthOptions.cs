using System.ComponentModel.DataAnnotations;

namespace OrleansVector.Gateway.Auth;

/// <summary>Authentication of SDK and REST calls. Bound from the "Gateway:Auth" configuration section; off by default, as in Milvus.</summary>
public sealed class AuthOptions : IValidatableObject
{
    public const string SectionName = "Gateway:Auth";

    /// <summary>Check the authorization header on every gRPC and REST call (Milvus's common.security.authorizationEnabled).</summary>
    public bool Enabled { get; set; }

    /// <summary>The root user's password until it is changed with UpdateCredential (Milvus's default is "Milvus").</summary>
    public string RootPassword { get; set; } = "Milvus";

    /// <summary>PBKDF2-SHA256 iterations for stored password hashes; more is slower for an attacker and for the first check of a password.</summary>
    [Range(1_000, 10_000_000)]
    public int HashIterations { get; set; } = 100_000;

    /// <summary>How long a verified credential is trusted without hashing again; a change through another gateway shows after at most this long.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan VerifiedCacheLifetime { get; set; } = TimeSpan.FromSeconds(30);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Enabled && (RootPassword.Length < MilvusCredentials.MinPasswordLength || RootPassword.Length > MilvusCredentials.MaxPasswordLength))
        {
            yield return new ValidationResult(
                $"{SectionName}:RootPassword must have {MilvusCredentials.MinPasswordLength} to {MilvusCredentials.MaxPasswordLength} characters.",
                [nameof(RootPassword)]);
        }
    }
}

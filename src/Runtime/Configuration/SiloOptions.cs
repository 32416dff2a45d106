using System.Net;

namespace OrleansVector.Runtime.Configuration;

/// <summary>The silo's name, role and silo-to-silo endpoint.</summary>
public sealed class SiloOptions : IValidatedOptions
{
    public string SiloName { get; set; } = Environment.MachineName;

    /// <summary>The role used by <see cref="SiloRoleBasedPlacementAttribute"/>.</summary>
    public string Role { get; set; } = "default";

    /// <summary>The address the silo listens on and that other silos use to reach it.</summary>
    public IPAddress AdvertisedAddress { get; set; } = IPAddress.Loopback;

    /// <summary>The silo-to-silo HTTP/2 port; 0 lets the OS choose a free one.</summary>
    public int SiloPort { get; set; }

    public IEnumerable<string> Validate()
    {
        foreach (var error in OptionChecks.NotEmpty(nameof(SiloName), SiloName).Concat(OptionChecks.NotEmpty(nameof(Role), Role)))
        {
            yield return error;
        }
        if (SiloPort is < 0 or > 65535)
        {
            yield return $"{nameof(SiloPort)} is {SiloPort}; it must be 0 (any free port) to 65535.";
        }
    }
}

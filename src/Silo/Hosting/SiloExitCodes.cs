namespace OrleansVector.Silo.Hosting;

/// <summary>Process exit codes of the silo executable.</summary>
public static class SiloExitCodes
{
    public const int Success = 0;

    /// <summary>The configuration is invalid; the message names the setting.</summary>
    public const int InvalidConfiguration = 2;
}

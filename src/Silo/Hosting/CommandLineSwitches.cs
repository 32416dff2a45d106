namespace OrleansVector.Silo.Hosting;

/// <summary>Short command-line switches and the configuration keys they set.</summary>
public static class CommandLineSwitches
{
    public static readonly IReadOnlyDictionary<string, string> Map = new Dictionary<string, string>
    {
        ["--data-dir"] = "Silo:DataDirectory",
        ["--listen"] = "Silo:ListenAddress",
        ["--grpc-port"] = "Silo:GrpcPort",
        ["--http-port"] = "Silo:HttpPort",
    };
}

using System.Reflection;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansVector.Gateway.Grpc;
using OrleansVector.Gateway.Health;
using OrleansVector.Grains.Interfaces.Milvus;
using OrleansVector.Grains.Interfaces.Protocol;

namespace OrleansVector.Gateway.Milvus;

/// <summary>The RPCs about the server itself: the Connect handshake, GetVersion and CheckHealth.</summary>
public sealed class MilvusSystemService(
    MilvusCatalogService catalog,
    ReadinessProbe readiness,
    ClientIdentifierAllocator identifiers,
    IOptions<MilvusServerOptions> options,
    ILogger<MilvusSystemService> logger)
{
    private const string NotReadyReason = "Orleans.Vector silo is starting";
    private const int MaxLoggedLength = 128;
    private readonly MilvusServerOptions _options = options.Value;

    /// <summary>
    /// The handshake every SDK makes first; a non-zero identifier tells it the server speaks the current protocol. The
    /// database in the dbname header must exist (DatabaseNotFound otherwise, as Milvus answers); "default" always does.
    /// </summary>
    public async ValueTask<ConnectResponse> Connect(ConnectRequest request, GrpcCallContext context)
    {
        var database = context.GetHeader(MilvusServiceBuilderExtensions.DatabaseHeader);
        if (!string.IsNullOrEmpty(database) && database != MilvusNames.DefaultDatabase)
        {
            var databases = await catalog.Coordinator.ListDatabases(new ListDatabasesRequest());
            MilvusStatusCheck.ThrowIfFailed(databases.Status);
            if (!databases.DbNames.Contains(database))
            {
                throw new MilvusException(MilvusErrorCode.DatabaseNotFound, $"database not found[database={database}]");
            }
        }
        var identifier = identifiers.Next();
        var client = request.ClientInfo ?? new ClientInfo();
        MilvusLog.ClientConnected(logger, Clip(client.SdkType), Clip(client.SdkVersion), Clip(client.User), Clip(client.Host), identifier);
        return new ConnectResponse
        {
            Status = MilvusStatus.Success(),
            ServerInfo = ServerInfo(),
            Identifier = identifier,
        };
    }

    public ValueTask<GetVersionResponse> GetVersion() =>
        ValueTask.FromResult(new GetVersionResponse { Status = MilvusStatus.Success(), Version = _options.ServerVersion });

    /// <summary>Healthy once the silo has started; before that Milvus's answer for a starting node: ServiceNotReady.</summary>
    public ValueTask<CheckHealthResponse> CheckHealth()
    {
        if (readiness.IsReady)
        {
            return ValueTask.FromResult(new CheckHealthResponse { Status = MilvusStatus.Success(), IsHealthy = true });
        }
        return ValueTask.FromResult(new CheckHealthResponse
        {
            Status = MilvusStatus.Error(MilvusErrorCode.ServiceNotReady, NotReadyReason),
            IsHealthy = false,
            Reasons = { NotReadyReason },
        });
    }

    /// <summary>Client-supplied text goes into the log, so it is cut to a sane length.</summary>
    private static string Clip(string text) => text.Length <= MaxLoggedLength ? text : string.Concat(text.AsSpan(0, MaxLoggedLength), "…");

    private ServerInfo ServerInfo()
    {
        var informational = typeof(MilvusSystemService).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "";
        var plus = informational.IndexOf('+', StringComparison.Ordinal);
        return new ServerInfo
        {
            BuildTags = _options.ServerVersion,
            GitCommit = plus < 0 ? "" : informational[(plus + 1)..],
            // Milvus reports its Go runtime here; ours is .NET.
            GoVersion = RuntimeInformation.FrameworkDescription,
            DeployMode = _options.DeployMode == MilvusDeployMode.Cluster ? "CLUSTER" : "STANDALONE",
            Reserved = { ["server"] = $"Orleans.Vector {(plus < 0 ? informational : informational[..plus])}" },
        };
    }
}

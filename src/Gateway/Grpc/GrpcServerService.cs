using Microsoft.Extensions.Hosting;

namespace OrleansVector.Gateway.Grpc;

/// <summary>Runs the <see cref="GrpcServer"/> on the host's endpoint for as long as the host runs.</summary>
internal sealed class GrpcServerService(GrpcServer server, GrpcEndPoint endPoint) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        server.Start(endPoint.Value);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => server.StopAsync(cancellationToken);
}

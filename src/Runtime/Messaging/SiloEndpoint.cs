using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrleansVector.Runtime.Hosting;
using OrleansVector.Runtime.Messaging.Wire;

namespace OrleansVector.Runtime.Messaging;

/// <summary>
/// The silo's HTTP/2 (h2c) endpoint for calls from other silos and clients: Kestrel, one POST route, gRPC framing and
/// <c>grpc-status</c> trailers. It rejects messages for another cluster and for an earlier incarnation of this silo.
/// </summary>
internal sealed partial class SiloEndpoint(SiloRuntime runtime) : IAsyncDisposable
{
    private readonly CancellationTokenSource _abort = new();
    private WebApplication? _app;

    /// <summary>Starts listening and returns the bound endpoint (the port is chosen by the OS when configured as 0).</summary>
    public async Task<IPEndPoint> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<Microsoft.Extensions.Hosting.IHostLifetime, NoConsoleLifetime>();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(runtime.Silo.AdvertisedAddress, runtime.Silo.SiloPort, listen => listen.Protocols = HttpProtocols.Http2);
            kestrel.Limits.MaxRequestBodySize = runtime.Messaging.MaxMessageSize + GrpcFraming.PrefixSize;
            kestrel.Limits.Http2.MaxStreamsPerConnection = 1000;
            kestrel.AddServerHeader = false;
        });
        var app = builder.Build();
        app.MapPost(HttpSiloTransport.InvokePath, HandleAsync);
        await app.StartAsync(cancellationToken);
        _app = app;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new IPEndPoint(runtime.Silo.AdvertisedAddress, new Uri(address).Port);
    }

    /// <summary>Graceful: lets requests in flight finish.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is { } app)
        {
            await app.StopAsync(cancellationToken);
        }
    }

    /// <summary>Crash: closes every connection at once.</summary>
    public async Task AbortAsync()
    {
        await _abort.CancelAsync();
        if (_app is { } app)
        {
            await app.StopAsync(new CancellationToken(canceled: true));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is { } app)
        {
            await app.DisposeAsync();
        }
        _abort.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        WireResponse response;
        try
        {
            var body = await ReadBodyAsync(context.Request.BodyReader, context.RequestAborted);
            var request = GrpcFraming.Parse(WireRequest.Parser, body, runtime.Messaging.MaxMessageSize, "silo request");
            response = await HandleAsync(request).WaitAsync(_abort.Token);
        }
        catch (OperationCanceledException) when (_abort.IsCancellationRequested)
        {
            // Killed: requests in flight end with the connection, as in a crash.
            context.Abort();
            return;
        }
        catch (InvalidDataException exception)
        {
            LogWarningBadRequest(runtime.MessagingLogger, exception);
            response = new WireResponse { Error = WireExceptions.ToWire(exception) };
        }
        context.Response.ContentType = GrpcFraming.ContentType;
        await context.Response.BodyWriter.WriteAsync(GrpcFraming.Frame(response), context.RequestAborted);
        context.Response.AppendTrailer("grpc-status", "0");
    }

    private async Task<WireResponse> HandleAsync(WireRequest request)
    {
        if (!string.Equals(request.ClusterId, runtime.Cluster.ClusterId, StringComparison.Ordinal))
        {
            return Error(new InvalidOperationException($"The message belongs to cluster '{request.ClusterId}'; silo {runtime.LocalSiloText} belongs to cluster '{runtime.Cluster.ClusterId}'."));
        }
        var addressedHere = request.TargetSilo.Length > 0;
        if (addressedHere && !string.Equals(request.TargetSilo, runtime.LocalSiloText, StringComparison.Ordinal))
        {
            return Error(new SiloUnavailableException($"The message was for silo {request.TargetSilo}, an earlier incarnation; this is {runtime.LocalSiloText}."));
        }
        var sink = new RemoteResponseSink();
        Message message;
        try
        {
            message = runtime.MessageCenter.Parse(request, sink);
        }
        catch (Exception exception)
        {
            return Error(exception);
        }
        runtime.MessageCenter.Receive(message, addressedHere);
        return request.OneWay ? new WireResponse() : await sink.Response;
    }

    private static WireResponse Error(Exception exception) => new() { Error = WireExceptions.ToWire(exception) };

    private static async Task<byte[]> ReadBodyAsync(PipeReader reader, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            if (result.IsCompleted)
            {
                var bytes = result.Buffer.ToArray();
                reader.AdvanceTo(result.Buffer.End);
                return bytes;
            }
            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    [LoggerMessage(EventId = 700, Level = LogLevel.Warning, Message = "Rejected a malformed silo request")]
    private static partial void LogWarningBadRequest(ILogger logger, Exception exception);
}

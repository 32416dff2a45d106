using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace OrleansVector.Gateway.Grpc;

/// <summary>
/// The gRPC server of the Milvus port: accepts cleartext HTTP/2 connections (prior knowledge, as every gRPC client
/// connects without TLS) and serves each on a thread of its own (<see cref="GrpcConnection"/>).
/// </summary>
public sealed class GrpcServer(GrpcDispatcher dispatcher, ILogger<GrpcServer> logger) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<GrpcConnection, Thread> _connections = new();
    private Socket? _listener;
    private Thread? _acceptor;
    private volatile bool _stopping;

    /// <summary>The address bound, with the port chosen when 0 was asked for; null before <see cref="Start"/>.</summary>
    public IPEndPoint? LocalEndPoint { get; private set; }

    /// <exception cref="SocketException">The address cannot be bound (in use, not local).</exception>
    public IPEndPoint Start(IPEndPoint endPoint)
    {
        if (_listener is not null)
        {
            throw new InvalidOperationException($"The gRPC server already listens on {LocalEndPoint}.");
        }
        var listener = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.Bind(endPoint);
            listener.Listen(512);
        }
        catch
        {
            listener.Dispose();
            throw;
        }
        _listener = listener;
        LocalEndPoint = (IPEndPoint)listener.LocalEndPoint!;
        _acceptor = new Thread(Accept) { IsBackground = true, Name = $"gRPC accept {LocalEndPoint}" };
        _acceptor.Start();
        GrpcLog.Listening(logger, LocalEndPoint);
        return LocalEndPoint;
    }

    /// <summary>
    /// Stops accepting, tells every client to open no new calls (GOAWAY) and waits for the calls in flight until
    /// <paramref name="cancellationToken"/> fires; then closes whatever is left.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_listener is null)
        {
            return;
        }
        _stopping = true;
        _listener.Dispose();
        _acceptor?.Join();
        foreach (var connection in _connections.Keys)
        {
            connection.BeginShutdown();
        }
        try
        {
            await Task.WhenAll(_connections.Keys.Select(c => c.Drained)).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Out of time: the remaining calls lose their responses.
        }
        foreach (var (connection, thread) in _connections)
        {
            connection.Abort();
            thread.Join();
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync(new CancellationToken(canceled: true));

    private void Accept()
    {
        while (true)
        {
            Socket socket;
            try
            {
                socket = _listener!.Accept();
            }
            catch (Exception e) when (_stopping && e is ObjectDisposedException or SocketException)
            {
                return; // stopped
            }
            catch (SocketException e)
            {
                GrpcLog.AcceptFailed(logger, e);
                continue;
            }
            if (_connections.Count >= dispatcher.Options.MaxConnections)
            {
                GrpcLog.TooManyConnections(logger, socket.RemoteEndPoint, dispatcher.Options.MaxConnections);
                socket.Dispose();
                continue;
            }
            socket.NoDelay = true;
            var connection = new GrpcConnection(socket, dispatcher, logger);
            var thread = new Thread(() => Serve(connection)) { IsBackground = true, Name = $"gRPC {socket.RemoteEndPoint}" };
            _connections[connection] = thread;
            thread.Start();
        }
    }

    private void Serve(GrpcConnection connection)
    {
        try
        {
            connection.Run();
        }
        finally
        {
            _connections.TryRemove(connection, out _);
        }
    }
}

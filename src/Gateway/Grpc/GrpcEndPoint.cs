using System.Net;

namespace OrleansVector.Gateway.Grpc;

/// <summary>The address the Milvus gRPC port binds (port 0: any free one, see <see cref="GrpcServer.LocalEndPoint"/>).</summary>
public sealed record GrpcEndPoint(IPEndPoint Value);

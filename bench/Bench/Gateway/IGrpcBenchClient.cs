using Google.Protobuf;

namespace OrleansVector.Bench.Gateway;

/// <summary>A client of the gateway's Milvus gRPC service: one unary call, its response message or an exception.</summary>
internal interface IGrpcBenchClient : IDisposable
{
    const string Service = "/milvus.proto.milvus.MilvusService/";

    /// <exception cref="InvalidOperationException">The call ended with a grpc-status other than 0.</exception>
    Task<TResponse> CallAsync<TResponse>(string method, IMessage request, MessageParser<TResponse> parser) where TResponse : IMessage<TResponse>;
}

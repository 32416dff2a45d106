using OrleansVector.Grains.Interfaces.Protocol;

namespace OrleansVector.Grains.Interfaces.Milvus;

/// <summary>
/// A Milvus business error: the call still succeeds at the gRPC level and the response carries it in its Status,
/// as Milvus does (only authentication failures use gRPC status codes).
/// </summary>
public sealed class MilvusException(MilvusErrorCode code, string message) : Exception(message)
{
    public MilvusErrorCode Code { get; } = code;

    public Status ToStatus() => MilvusStatus.Error(Code, Message);
}

using OrleansVector.Grains.Interfaces.Milvus;
using OrleansVector.Grains.Interfaces.Protocol;

namespace OrleansVector.Gateway.Milvus;

/// <summary>Turns a grain's failed Status into the exception that carries it back to the client unchanged.</summary>
public static class MilvusStatusCheck
{
    public static bool Succeeded(Status? status) => status is null || (status.Code == 0 && status.ErrorCode == ErrorCode.Success);

    /// <exception cref="MilvusException">When <paramref name="status"/> is an error: its code and reason.</exception>
    public static void ThrowIfFailed(Status? status)
    {
        if (!Succeeded(status))
        {
            var code = status!.Code != 0 ? (MilvusErrorCode)status.Code : MilvusErrorCode.Unexpected;
            throw new MilvusException(code, status.Reason);
        }
    }
}

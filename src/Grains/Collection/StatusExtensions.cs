using OrleansVector.Grains.Interfaces.Milvus;
using OrleansVector.Grains.Interfaces.Protocol;

namespace OrleansVector.Grains.Collection;

internal static class StatusExtensions
{
    /// <summary>Turns an error status another grain answered with back into a <see cref="MilvusException"/> with its code.</summary>
    public static void ThrowIfError(this Status status)
    {
        if (status.Code != 0)
        {
            throw new MilvusException((MilvusErrorCode)status.Code, status.Reason);
        }
    }
}

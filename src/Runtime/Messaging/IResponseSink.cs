using Google.Protobuf;

namespace OrleansVector.Runtime.Messaging;

/// <summary>Where the outcome of a request goes: a local caller's callback or the HTTP/2 response of a remote caller.</summary>
internal interface IResponseSink
{
    /// <summary>True when the caller is in this process, so a mutable result must be cloned before it is handed over.</summary>
    bool IsLocal { get; }

    void Complete(IMessage? result);

    void Fail(Exception exception);
}

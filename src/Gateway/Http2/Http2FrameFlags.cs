namespace OrleansVector.Gateway.Http2;

/// <summary>HTTP/2 frame flags; which apply depends on the frame type (Ack shares its bit with EndStream).</summary>
[Flags]
public enum Http2FrameFlags : byte
{
    None = 0x0,
    EndStream = 0x1,
    Ack = 0x1,
    EndHeaders = 0x4,
    Padded = 0x8,
    Priority = 0x20,
}

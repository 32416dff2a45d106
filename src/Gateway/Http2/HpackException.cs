namespace OrleansVector.Gateway.Http2;

/// <summary>A header block that cannot be decoded (connection error COMPRESSION_ERROR in HTTP/2); the message names the problem.</summary>
public sealed class HpackException(string message) : Exception(message);

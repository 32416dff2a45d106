using OrleansVector.Gateway.Grpc;

namespace OrleansVector.Gateway.Tests;

public sealed class GrpcMessageEncodingTests
{
    [Theory]
    [InlineData("plain ASCII stays: [a-z] ~!", "plain ASCII stays: [a-z] ~!")]
    [InlineData("100%", "100%25")]
    [InlineData("größe", "gr%C3%B6%C3%9Fe")]
    [InlineData("line\nbreak", "line%0Abreak")]
    public void Encodes_what_the_gRPC_spec_requires_and_nothing_else(string message, string expected)
    {
        var encoded = GrpcMessageEncoding.Encode(message);

        Assert.Equal(expected, encoded);
        Assert.Equal(message, Uri.UnescapeDataString(encoded));
    }
}

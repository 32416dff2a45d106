using OrleansVector.Gateway.Grpc;

namespace OrleansVector.Gateway.Tests;

public sealed class GrpcTimeoutTests
{
    public static TheoryData<string, TimeSpan> Valid => new()
    {
        { "2H", TimeSpan.FromHours(2) },
        { "3M", TimeSpan.FromMinutes(3) },
        { "10S", TimeSpan.FromSeconds(10) },
        { "250m", TimeSpan.FromMilliseconds(250) },
        { "1500u", TimeSpan.FromMicroseconds(1500) },
        { "99999999n", TimeSpan.FromTicks(999999) },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void Parses_every_unit(string header, TimeSpan expected) => Assert.Equal(expected, GrpcTimeout.Parse(header));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("99999999H")]
    public void No_header_or_one_beyond_any_call_means_no_deadline(string? header) => Assert.Null(GrpcTimeout.Parse(header));

    [Theory]
    [InlineData("S")]
    [InlineData("123456789S")]
    [InlineData("10x")]
    [InlineData("-1S")]
    [InlineData("1.5S")]
    public void Malformed_headers_are_INTERNAL(string header)
    {
        var e = Assert.Throws<GrpcException>(() => GrpcTimeout.Parse(header));

        Assert.Equal(GrpcStatusCode.Internal, e.StatusCode);
        Assert.Contains($"'{header}'", e.Message, StringComparison.Ordinal);
    }
}

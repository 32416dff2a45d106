using System.Buffers;
using Google.Protobuf;
using OrleansVector.Gateway.Grpc;
using OrleansVector.Grains.Interfaces.Protocol;

namespace OrleansVector.Gateway.Tests;

/// <summary>The 5-byte message header shared by the server, the bench's clients and the tests' clients.</summary>
public sealed class GrpcFrameTests
{
    private static readonly GetVersionResponse Version = new() { Version = "v2.6.0", Status = new Status { Reason = "ünïcode" } };

    [Fact]
    public void A_frame_is_the_flag_the_big_endian_length_and_the_message()
    {
        var frame = GrpcFrame.ToArray(Version);

        var size = Version.CalculateSize();
        Assert.Equal([0, (byte)(size >> 24), (byte)(size >> 16), (byte)(size >> 8), (byte)size], frame[..GrpcFrame.HeaderLength]);
        Assert.Equal(Version.ToByteArray(), frame[GrpcFrame.HeaderLength..]);
        Assert.Equal(Version, GrpcFrame.ParseSingle(GetVersionResponse.Parser, frame));
    }

    [Fact]
    public void Writing_to_a_buffer_writer_gives_the_same_bytes()
    {
        var writer = new ArrayBufferWriter<byte>();

        GrpcFrame.Write(writer, Version, Version.CalculateSize());

        Assert.Equal(GrpcFrame.ToArray(Version), writer.WrittenSpan.ToArray());
    }

    [Fact]
    public void A_header_reads_back_its_flag_and_a_length_above_2_GiB()
    {
        var header = new byte[GrpcFrame.HeaderLength];

        GrpcFrame.WriteHeader(header, 0x9000_0001, GrpcFrame.CompressedFlag);

        Assert.Equal(0x9000_0001u, GrpcFrame.ReadHeader(header, out var flag));
        Assert.Equal(GrpcFrame.CompressedFlag, flag);
    }

    [Theory]
    [InlineData(new byte[] { 0, 0, 0 }, "fewer than the 5")]
    [InlineData(new byte[] { 1, 0, 0, 0, 0 }, "flag 1")]
    [InlineData(new byte[] { 0, 0, 0, 0, 3, 0x0A, 0x00 }, "announces 3 message bytes but the body carries 2")]
    [InlineData(new byte[] { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, "announces 0 message bytes but the body carries 5")]
    public void A_body_that_is_not_exactly_one_uncompressed_frame_is_refused(byte[] body, string reason)
    {
        var error = Assert.Throws<InvalidDataException>(() => GrpcFrame.ParseSingle(GetVersionResponse.Parser, body));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }
}

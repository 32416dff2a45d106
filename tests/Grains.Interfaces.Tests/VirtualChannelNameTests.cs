using OrleansVector.Grains.Interfaces.Channels;

namespace OrleansVector.Grains.Interfaces.Tests;

public sealed class VirtualChannelNameTests
{
    [Fact]
    public void Formats_as_milvus_names_its_channels()
    {
        var name = new VirtualChannelName("by-dev", 3, 449123456789012345, 1);
        Assert.Equal("by-dev-rootcoord-dml_3", name.PhysicalName);
        Assert.Equal("by-dev-rootcoord-dml_3_449123456789012345v1", name.ToString());
    }

    [Theory]
    [InlineData("by-dev", 0, 1L, 0)]
    [InlineData("my-cluster-with-dashes", 15, long.MaxValue, 15)]
    public void Parse_inverts_format(string prefix, int physical, long collectionId, int shard)
    {
        var name = new VirtualChannelName(prefix, physical, collectionId, shard);
        Assert.Equal(name, VirtualChannelName.Parse(name.ToString()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("by-dev-rootcoord-dml_3")]
    [InlineData("by-dev-rootcoord-dml_3_12")]
    [InlineData("by-dev-rootcoord-dml_x_12v0")]
    [InlineData("by-dev-rootcoord-dml_3_12v")]
    [InlineData("-rootcoord-dml_3_12v0")]
    [InlineData("by-dev-rootcoord-dml_3_-12v0")]
    public void Malformed_names_are_rejected_with_the_name_in_the_message(string malformed)
    {
        Assert.False(VirtualChannelName.TryParse(malformed, out _));
        var error = Assert.Throws<FormatException>(() => VirtualChannelName.Parse(malformed));
        Assert.StartsWith($"'{malformed}' is not a virtual channel name", error.Message, StringComparison.Ordinal);
    }
}

using OrleansVector.TestSupport;

namespace OrleansVector.Compat.Tests;

/// <summary>Our Milvus .proto files against the protocol descriptors shipped in the official Node SDK.</summary>
public sealed class ProtoFidelityTests
{
    [Fact]
    public async Task Every_declared_message_field_enum_and_method_matches_the_official_protocol()
    {
        var protos = Path.Combine(RepositoryPaths.Root, "src", "Grains.Interfaces", "Protocol", "Protos");

        var result = (await NodeScript.RunAsync("proto-fidelity.js", protos)).SucceededWithJson();

        Assert.Empty(result.GetProperty("differences").EnumerateArray());
        Assert.True(result.GetProperty("methods").GetInt32() >= 50, $"too few methods compared: {result}");
        Assert.True(result.GetProperty("fields").GetInt32() > 500, $"too few fields compared: {result}");
    }
}

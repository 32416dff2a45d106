using System.Text.Json;

namespace OrleansVector.Compat.Tests;

/// <summary>The official Milvus Node SDK against a silo with authentication on.</summary>
public sealed class NodeSdkAuthTests
{
    private const string RootPassword = "root-pass-0";

    [Fact]
    public async Task Root_gets_in_a_wrong_password_is_UNAUTHENTICATED_and_users_are_managed_through_the_SDK()
    {
        await using var silo = await ReadySilo.StartAsync(
            "--Gateway:Auth:Enabled", "true", "--Gateway:Auth:RootPassword", RootPassword, "--Gateway:Auth:HashIterations", "1000");

        var result = (await NodeScript.RunAsync("auth.js", silo.GrpcAddress(), RootPassword)).SucceededWithJson();

        Assert.Empty(result.GetProperty("rootCollections").EnumerateArray());
        foreach (var refused in new[] { "wrongConnect", "wrongPassword", "oldPasswordAfterUpdate" })
        {
            Assert.Equal(16, result.GetProperty(refused).GetProperty("code").GetInt32());
            Assert.Contains("username and password", result.GetProperty(refused).GetProperty("message").GetString(), StringComparison.Ordinal);
        }
        Assert.Equal(["root", "reader"], Names(result.GetProperty("users")));
        Assert.Equal("v2.6.0", result.GetProperty("readerVersion").GetString());
        Assert.Equal(["root"], Names(result.GetProperty("usersAfterDelete")));
        Assert.Equal(0, await silo.TerminateAsync(ReadySilo.StopTimeout));
    }

    private static string[] Names(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];
}

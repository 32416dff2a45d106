using System.Text;
using Microsoft.Extensions.DependencyInjection;
using OrleansVector.Gateway.Auth;
using OrleansVector.Gateway.Grpc;
using OrleansVector.Grains.Interfaces.Protocol;

namespace OrleansVector.Gateway.Tests;

/// <summary>Authentication on: every call needs base64("user:password"); the credential RPCs manage users.</summary>
public sealed class AuthenticationTests
{
    private const string RootPassword = "s3cret-root";

    private static Task<GatewayTestServer> StartAsync(bool enabled = true) => GatewayTestServer.StartAsync(new Dictionary<string, string?>
    {
        ["Gateway:Auth:Enabled"] = enabled ? "true" : "false",
        ["Gateway:Auth:RootPassword"] = RootPassword,
        // The least the options allow, so tests do not spend their time hashing.
        ["Gateway:Auth:HashIterations"] = "1000",
    });

    private static (string, string) As(string user, string password) =>
        ("authorization", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    private static string Encoded(string password) => Convert.ToBase64String(Encoding.UTF8.GetBytes(password));

    private static readonly byte[] GetVersion = GrpcReply.Frame(new GetVersionRequest());

    [Fact]
    public async Task Without_or_with_wrong_credentials_a_call_is_UNAUTHENTICATED_and_root_gets_in()
    {
        await using var server = await StartAsync();

        var none = await server.CallAsync(GrpcReply.Milvus + "GetVersion", GetVersion);
        var wrong = await server.CallAsync(GrpcReply.Milvus + "GetVersion", GetVersion, As("root", "Milvus"));
        var notBase64 = await server.CallAsync(GrpcReply.Milvus + "GetVersion", GetVersion, ("authorization", "root:" + RootPassword));
        var root = await server.CallAsync(GrpcReply.Milvus + "GetVersion", GetVersion, As("root", RootPassword));

        none.AssertStatus(GrpcStatusCode.Unauthenticated, "missing authorization");
        wrong.AssertStatus(GrpcStatusCode.Unauthenticated, "check username and password");
        notBase64.AssertStatus(GrpcStatusCode.Unauthenticated);
        Assert.Equal(new Status(), root.Single(GetVersionResponse.Parser).Status);
    }

    [Fact]
    public async Task A_user_created_by_root_can_call_change_its_password_and_be_deleted()
    {
        await using var server = await StartAsync();
        var root = As("root", RootPassword);

        var created = (await server.CallAsync(GrpcReply.Milvus + "CreateCredential",
            GrpcReply.Frame(new CreateCredentialRequest { Username = "alice", Password = Encoded("first-pass") }), root)).Single(Status.Parser);
        var asAlice = await server.CallAsync(GrpcReply.Milvus + "GetVersion", GetVersion, As("alice", "first-pass"));
        var users = (await server.CallAsync(GrpcReply.Milvus + "ListCredUsers", GrpcReply.Frame(new ListCredUsersRequest()), root)).Single(ListCredUsersResponse.Parser);
        var byAliceForbidden = (await server.CallAsync(GrpcReply.Milvus + "CreateCredential",
            GrpcReply.Frame(new CreateCredentialRequest { Username = "mallory", Password = Encoded("whatever") }), As("alice", "first-pass"))).Single(Status.Parser);
        var updated = (await server.CallAsync(GrpcReply.Milvus + "UpdateCredential", GrpcReply.Frame(new UpdateCredentialRequest
        {
            Username = "alice", OldPassword = Encoded("first-pass"), NewPassword = Encoded("second-pass"),
        }), As("alice", "first-pass"))).Single(Status.Parser);
        var oldPassword = await server.CallAsync(GrpcReply.Milvus + "GetVersion", GetVersion, As("alice", "first-pass"));
        var newPassword = await server.CallAsync(GrpcReply.Milvus + "GetVersion", GetVersion, As("alice", "second-pass"));
        var deleted = (await server.CallAsync(GrpcReply.Milvus + "DeleteCredential",
            GrpcReply.Frame(new DeleteCredentialRequest { Username = "alice" }), root)).Single(Status.Parser);
        var afterDelete = await server.CallAsync(GrpcReply.Milvus + "GetVersion", GetVersion, As("alice", "second-pass"));

        Assert.Equal(new Status(), created);
        Assert.Equal(GrpcStatusCode.Ok, asAlice.Status);
        Assert.Equal(["root", "alice"], users.Usernames);
        Assert.Equal(1401, byAliceForbidden.Code);
        Assert.Equal(new Status(), updated);
        oldPassword.AssertStatus(GrpcStatusCode.Unauthenticated);
        Assert.Equal(GrpcStatusCode.Ok, newPassword.Status);
        Assert.Equal(new Status(), deleted);
        afterDelete.AssertStatus(GrpcStatusCode.Unauthenticated);
    }

    [Theory]
    [InlineData("alice", "short", "password must have 6 to 256 characters")]
    [InlineData("9lives", "long-enough", "the first character of a user name must be a letter")]
    [InlineData("root", "long-enough", "user 'root' already exists")]
    public async Task Bad_credentials_are_refused_with_a_reason(string user, string password, string reason)
    {
        await using var server = await StartAsync(enabled: false);

        var status = (await server.CallAsync(GrpcReply.Milvus + "CreateCredential",
            GrpcReply.Frame(new CreateCredentialRequest { Username = user, Password = Encoded(password) }))).Single(Status.Parser);

        Assert.Equal(1100, status.Code);
        Assert.Contains(reason, status.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_authentication_off_no_header_is_needed_and_root_cannot_be_deleted()
    {
        await using var server = await StartAsync(enabled: false);

        var version = await server.CallAsync(GrpcReply.Milvus + "GetVersion", GetVersion);
        var deleteRoot = (await server.CallAsync(GrpcReply.Milvus + "DeleteCredential",
            GrpcReply.Frame(new DeleteCredentialRequest { Username = "root" }))).Single(Status.Parser);

        Assert.Equal(GrpcStatusCode.Ok, version.Status);
        Assert.Contains("root user cannot be deleted", deleteRoot.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stored_hash_is_salted_and_verifies_only_its_password()
    {
        var first = PasswordHash.Create("same-password", 1000);
        var second = PasswordHash.Create("same-password", 1000);

        Assert.NotEqual(first.Salt, second.Salt);
        Assert.NotEqual(first.Hash, second.Hash);
        Assert.True(first.Matches("same-password"));
        Assert.False(first.Matches("same-passwore"));
    }

    [Fact]
    public async Task A_password_changed_through_another_gateway_stops_working_here_at_once()
    {
        await using var server = await StartAsync();
        var store = server.Services.GetRequiredService<CredentialStore>();
        var authenticator = server.Services.GetRequiredService<MilvusAuthenticator>();
        Assert.True(await store.CreateAsync("bob", "first-pass"));
        var before = await server.CallAsync(GrpcReply.Milvus + "GetVersion", GetVersion, As("bob", "first-pass"));
        var forgotten = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        authenticator.Forgotten += user => forgotten.TrySetResult(user);

        // Another gateway writes the new hash straight to the shared metadata store; only the watch tells this one.
        await store.UpdateAsync("bob", "second-pass");
        var user = await forgotten.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var after = await server.CallAsync(GrpcReply.Milvus + "GetVersion", GetVersion, As("bob", "first-pass"));

        Assert.Equal(GrpcStatusCode.Ok, before.Status);
        Assert.Equal("bob", user);
        after.AssertStatus(GrpcStatusCode.Unauthenticated);
    }
}

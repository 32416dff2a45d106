using System.Text;
using System.Text.Json.Nodes;
using OrleansVector.Gateway.Auth;
using OrleansVector.Gateway.Grpc;
using OrleansVector.Gateway.Milvus;
using OrleansVector.Grains.Interfaces.Milvus;
using OrleansVector.Grains.Interfaces.Protocol;

namespace OrleansVector.Gateway.Rest;

/// <summary>
/// REST v2 users: the credential RPCs with REST's plain-text passwords (the RPCs take them base64-encoded, as SDKs send
/// them) and the same rules for who may do what.
/// </summary>
public sealed class RestUserHandlers(MilvusCredentialService credentials)
{
    public IEnumerable<(string Route, Func<RestCall, Task<JsonNode?>> Handler)> Routes() =>
    [
        ("users/create", c => Done(credentials.Create(User(c), Encoded(c.RequiredString("password")), Context(c)))),
        ("users/update_password", c => Done(credentials.Update(new UpdateCredentialRequest
        {
            Username = User(c), OldPassword = Encoded(c.RequiredString("password")), NewPassword = Encoded(c.RequiredString("newPassword")),
        }, Context(c)))),
        ("users/drop", c => Done(credentials.Delete(User(c), Context(c)))),
        ("users/list", async c => new JsonArray([.. (await credentials.List(Context(c))).Usernames.Select(u => (JsonNode)u)])),
        ("users/describe", async c =>
        {
            var user = User(c);
            if (!(await credentials.List(Context(c))).Usernames.Contains(user))
            {
                throw new MilvusException(MilvusErrorCode.ParameterInvalid, $"user '{user}' does not exist: invalid parameter");
            }
            return new JsonObject { ["userName"] = user, ["roles"] = new JsonArray() };
        }),
    ];

    private static string User(RestCall call) => call.RequiredString("userName");

    private static string Encoded(string password) => Convert.ToBase64String(Encoding.UTF8.GetBytes(password));

    private static GrpcCallContext Context(RestCall call) => new([], call.CancellationToken) { User = call.User };

    private static async Task<JsonNode?> Done(ValueTask<Status> call)
    {
        MilvusStatusCheck.ThrowIfFailed(await call);
        return new JsonObject();
    }
}

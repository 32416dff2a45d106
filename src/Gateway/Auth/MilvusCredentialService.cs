using Microsoft.Extensions.Logging;
using OrleansVector.Gateway.Grpc;
using OrleansVector.Gateway.Milvus;
using OrleansVector.Gateway.Metrics;
using OrleansVector.Grains.Interfaces.Milvus;
using OrleansVector.Grains.Interfaces.Protocol;

namespace OrleansVector.Gateway.Auth;

/// <summary>
/// CreateCredential, UpdateCredential, DeleteCredential and ListCredUsers. With authentication on, only root creates
/// and deletes users, and a user changes only its own password (root may change any, without the old one).
/// </summary>
public sealed class MilvusCredentialService(CredentialStore store, MilvusAuthenticator authenticator)
{
    public GrpcServiceBuilder Register(GrpcServiceBuilder builder, ILogger logger, GatewayMetrics metrics) => builder
        .AddMilvusStatus<CreateCredentialRequest>("CreateCredential", (r, c) => Create(r.Username, r.Password, c), logger, metrics)
        .AddMilvusStatus<UpdateCredentialRequest>("UpdateCredential", (r, c) => Update(r, c), logger, metrics)
        .AddMilvusStatus<DeleteCredentialRequest>("DeleteCredential", (r, c) => Delete(r.Username, c), logger, metrics)
        .AddMilvus<ListCredUsersRequest, ListCredUsersResponse>("ListCredUsers", (_, c) => List(c), logger, metrics);

    public async ValueTask<Status> Create(string user, string encodedPassword, GrpcCallContext context)
    {
        MilvusCredentials.ValidateUserName(user);
        var password = MilvusCredentials.DecodePassword(encodedPassword, "password");
        RequireRoot(context, $"create user '{user}'");
        if (!await store.CreateAsync(user, password, context.CancellationToken))
        {
            throw new MilvusException(MilvusErrorCode.ParameterInvalid, $"user '{user}' already exists: invalid parameter");
        }
        return MilvusStatus.Success();
    }

    public async ValueTask<Status> Update(UpdateCredentialRequest request, GrpcCallContext context)
    {
        var user = request.Username;
        MilvusCredentials.ValidateUserName(user);
        var newPassword = MilvusCredentials.DecodePassword(request.NewPassword, "newPassword");
        var caller = context.User;
        if (authenticator.Enabled && caller != user && caller != MilvusCredentials.RootUser)
        {
            throw NotPermitted($"change the password of '{user}'");
        }
        var current = await store.FindAsync(user, context.CancellationToken)
            ?? throw new MilvusException(MilvusErrorCode.ParameterInvalid, $"user '{user}' does not exist: invalid parameter");
        var rootOverride = authenticator.Enabled && caller == MilvusCredentials.RootUser && caller != user;
        if (!rootOverride && !current.Matches(MilvusCredentials.DecodePassword(request.OldPassword, "oldPassword")))
        {
            throw new MilvusException(MilvusErrorCode.ParameterInvalid, $"old password of user '{user}' is not correct: invalid parameter");
        }
        await store.UpdateAsync(user, newPassword, context.CancellationToken);
        authenticator.Forget(user);
        return MilvusStatus.Success();
    }

    public async ValueTask<Status> Delete(string user, GrpcCallContext context)
    {
        MilvusCredentials.ValidateUserName(user);
        if (user == MilvusCredentials.RootUser)
        {
            throw new MilvusException(MilvusErrorCode.ParameterInvalid, "the root user cannot be deleted: invalid parameter");
        }
        RequireRoot(context, $"delete user '{user}'");
        var existed = await store.DeleteAsync(user, context.CancellationToken);
        authenticator.Forget(user);
        return existed ? MilvusStatus.Success() : throw new MilvusException(MilvusErrorCode.ParameterInvalid, $"user '{user}' does not exist: invalid parameter");
    }

    public async ValueTask<ListCredUsersResponse> List(GrpcCallContext context) =>
        new() { Status = MilvusStatus.Success(), Usernames = { await store.ListAsync(context.CancellationToken) } };

    private void RequireRoot(GrpcCallContext context, string action)
    {
        if (authenticator.Enabled && context.User != MilvusCredentials.RootUser)
        {
            throw NotPermitted(action);
        }
    }

    private static MilvusException NotPermitted(string action) =>
        new(MilvusErrorCode.PrivilegeNotPermitted, $"only root may {action}: privilege not permitted");
}

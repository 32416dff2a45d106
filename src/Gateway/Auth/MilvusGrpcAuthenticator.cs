using System.Text;
using OrleansVector.Gateway.Grpc;

namespace OrleansVector.Gateway.Auth;

/// <summary>The gRPC side: the authorization metadata holds base64("user:password"), as every Milvus SDK sends it.</summary>
public sealed class MilvusGrpcAuthenticator(MilvusAuthenticator authenticator) : IGrpcAuthenticator
{
    public const string Header = "authorization";

    public ValueTask<string?> AuthenticateAsync(GrpcCallContext call) =>
        authenticator.Enabled ? CheckAsync(call) : ValueTask.FromResult<string?>(null);

    private async ValueTask<string?> CheckAsync(GrpcCallContext call)
    {
        var (user, refusal) = await authenticator.AuthenticateAsync(Decode(call.GetHeader(Header)), call.CancellationToken);
        call.User = user;
        return refusal;
    }

    private static string? Decode(string? header)
    {
        if (string.IsNullOrEmpty(header))
        {
            return null;
        }
        var bytes = new byte[header.Length];
        return Convert.TryFromBase64String(header, bytes, out var written) ? Encoding.UTF8.GetString(bytes, 0, written) : null;
    }
}

using System.Text;
using Microsoft.AspNetCore.Http;
using OrleansVector.Gateway.Grpc;

namespace OrleansVector.Gateway.Auth;

/// <summary>The gRPC side: the authorization metadata holds base64("user:password"), as every Milvus SDK sends it.</summary>
public sealed class MilvusGrpcAuthenticator(MilvusAuthenticator authenticator) : IGrpcAuthenticator
{
    public const string Header = "authorization";

    public ValueTask<string?> AuthenticateAsync(HttpContext http) =>
        authenticator.Enabled ? authenticator.AuthenticateAsync(http, Decode(http.Request.Headers[Header].ToString())) : ValueTask.FromResult<string?>(null);

    private static string? Decode(string header)
    {
        if (header.Length == 0)
        {
            return null;
        }
        var bytes = new byte[header.Length];
        return Convert.TryFromBase64String(header, bytes, out var written) ? Encoding.UTF8.GetString(bytes, 0, written) : null;
    }
}

using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace OrleansVector.Gateway.Auth;

/// <summary>
/// Verifies "user:password" tokens against the <see cref="CredentialStore"/>. Hashing a password is deliberately slow,
/// so a verified token is remembered (by its SHA-256, never in clear) for <see cref="AuthOptions.VerifiedCacheLifetime"/>
/// and forgotten at once when this gateway changes or deletes the user.
/// </summary>
public sealed class MilvusAuthenticator(CredentialStore store, IOptions<AuthOptions> options, TimeProvider time)
{
    /// <summary>HttpContext.Items key of the authenticated user name.</summary>
    public const string UserItem = "orleansvector.user";

    private const int MaxRemembered = 10_000;
    private readonly AuthOptions _options = options.Value;
    private readonly ConcurrentDictionary<string, (string User, DateTimeOffset Until)> _verified = new(StringComparer.Ordinal);

    public bool Enabled => _options.Enabled;

    /// <summary>The user the call was authenticated as (null when authentication is off).</summary>
    public static string? CurrentUser(HttpContext http) => http.Items.TryGetValue(UserItem, out var user) ? user as string : null;

    /// <summary>The user name when <paramref name="token"/> ("user:password") is valid, else null.</summary>
    public async ValueTask<string?> VerifyAsync(string? token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token) || MilvusCredentials.SplitToken(token) is not var (user, password))
        {
            return null;
        }
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
        var now = time.GetUtcNow();
        if (_verified.TryGetValue(key, out var remembered) && remembered.Until > now)
        {
            return remembered.User;
        }
        var hash = await store.FindAsync(user, cancellationToken);
        if (hash is null || !hash.Matches(password))
        {
            return null;
        }
        if (_verified.Count >= MaxRemembered)
        {
            _verified.Clear();
        }
        _verified[key] = (user, now + _options.VerifiedCacheLifetime);
        return user;
    }

    /// <summary>Raised after the remembered tokens of a user were dropped.</summary>
    public event Action<string>? Forgotten;

    /// <summary>Drops remembered tokens of <paramref name="user"/> after its password changed or it was deleted.</summary>
    public void Forget(string user)
    {
        foreach (var (key, value) in _verified)
        {
            if (value.User == user)
            {
                _verified.TryRemove(key, out _);
            }
        }
        Forgotten?.Invoke(user);
    }

    public void ForgetAll() => _verified.Clear();

    /// <summary>Checks the call's token and records its user; null on success, else the reason to refuse it.</summary>
    public async ValueTask<string?> AuthenticateAsync(HttpContext http, string? token)
    {
        if (!Enabled)
        {
            return null;
        }
        if (string.IsNullOrEmpty(token))
        {
            return "missing authorization: this server requires a user name and password";
        }
        var user = await VerifyAsync(token, http.RequestAborted);
        if (user is null)
        {
            return "auth check failure, please check username and password are correct";
        }
        http.Items[UserItem] = user;
        return null;
    }
}

using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace OrleansVector.Gateway.Auth;

/// <summary>
/// Verifies "user:password" tokens against the <see cref="CredentialStore"/>. Hashing a password is deliberately slow,
/// so a verified token is remembered (by its SHA-256, never in clear) for <see cref="AuthOptions.VerifiedCacheLifetime"/>
/// and forgotten at once when this gateway changes or deletes the user.
/// </summary>
public sealed class MilvusAuthenticator(CredentialStore store, IOptions<AuthOptions> options, TimeProvider time)
{
    private const int MaxRemembered = 10_000;
    private readonly AuthOptions _options = options.Value;
    private readonly ConcurrentDictionary<string, (string User, DateTimeOffset Until)> _verified = new(StringComparer.Ordinal);

    public bool Enabled => _options.Enabled;

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

    /// <summary>Checks a call's token: the user it authenticates, or the reason to refuse the call.</summary>
    public async ValueTask<(string? User, string? Refusal)> AuthenticateAsync(string? token, CancellationToken cancellationToken)
    {
        if (!Enabled)
        {
            return (null, null);
        }
        if (string.IsNullOrEmpty(token))
        {
            return (null, "missing authorization: this server requires a user name and password");
        }
        var user = await VerifyAsync(token, cancellationToken);
        return user is null ? (null, "auth check failure, please check username and password are correct") : (user, null);
    }
}

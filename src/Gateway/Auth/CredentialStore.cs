using System.Text.Json;
using Microsoft.Extensions.Options;
using OrleansVector.Grains.Hosting;
using OrleansVector.Storage.Metadata;

namespace OrleansVector.Gateway.Auth;

/// <summary>
/// Users and their password hashes in the database's metadata store (so every gateway of a cluster sees them, and they
/// survive restarts). The root user exists without a record, with the configured password, until its password is changed.
/// </summary>
public sealed class CredentialStore(DatabaseStorage storage, IOptions<AuthOptions> options)
{
    /// <summary>Under Milvus's own prefix for credentials, one key per user.</summary>
    public const string KeyPrefix = "credential/users/";

    private readonly AuthOptions _options = options.Value;
    private readonly Lazy<PasswordHash> _defaultRoot = new(() => PasswordHash.Create(options.Value.RootPassword, options.Value.HashIterations));

    /// <summary>The user's hash, or null when there is no such user.</summary>
    public async Task<PasswordHash?> FindAsync(string user, CancellationToken cancellationToken = default)
    {
        var entry = await storage.Metadata.GetAsync(KeyPrefix + user, cancellationToken);
        if (entry is not null)
        {
            return JsonSerializer.Deserialize<PasswordHash>(entry.Value.Span)
                ?? throw new InvalidDataException($"metadata key {KeyPrefix}{user} does not hold a password hash");
        }
        return user == MilvusCredentials.RootUser ? _defaultRoot.Value : null;
    }

    /// <summary>Creates the user; false when it exists already.</summary>
    public async Task<bool> CreateAsync(string user, string password, CancellationToken cancellationToken = default)
    {
        if (user == MilvusCredentials.RootUser)
        {
            return false;
        }
        var key = KeyPrefix + user;
        var result = await storage.Metadata.CommitAsync(new MetadataTransaction()
            .When(MetadataCondition.Missing(key))
            .Then(MetadataOperation.Put(key, Serialize(password))), cancellationToken);
        return result.Succeeded;
    }

    /// <summary>Sets the password of an existing user (root always exists).</summary>
    public Task UpdateAsync(string user, string password, CancellationToken cancellationToken = default) =>
        storage.Metadata.PutAsync(KeyPrefix + user, Serialize(password), cancellationToken);

    /// <summary>false when there was no such user.</summary>
    public Task<bool> DeleteAsync(string user, CancellationToken cancellationToken = default) =>
        storage.Metadata.DeleteAsync(KeyPrefix + user, cancellationToken);

    /// <summary>Every user name, root first.</summary>
    public async Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken = default)
    {
        var range = await storage.Metadata.ScanAsync(KeyPrefix, cancellationToken);
        var users = range.Entries.Select(e => e.Key[KeyPrefix.Length..]).Where(u => u != MilvusCredentials.RootUser);
        return [MilvusCredentials.RootUser, .. users];
    }

    private byte[] Serialize(string password) => JsonSerializer.SerializeToUtf8Bytes(PasswordHash.Create(password, _options.HashIterations));
}

using System.Security.Cryptography;
using System.Text;

namespace OrleansVector.Gateway.Auth;

/// <summary>A salted PBKDF2-SHA256 password hash as stored in the metadata store; the password itself is never stored.</summary>
public sealed record PasswordHash(byte[] Salt, byte[] Hash, int Iterations)
{
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    public static PasswordHash Create(string password, int iterations)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        return new PasswordHash(salt, Derive(password, salt, iterations), iterations);
    }

    public bool Matches(string password) => CryptographicOperations.FixedTimeEquals(Derive(password, Salt, Iterations), Hash);

    private static byte[] Derive(string password, byte[] salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, HashBytes);
}

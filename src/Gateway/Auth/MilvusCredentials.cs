using System.Text;
using OrleansVector.Grains.Interfaces.Milvus;

namespace OrleansVector.Gateway.Auth;

/// <summary>Milvus's rules for user names and passwords, and how credentials travel (base64 "user:password").</summary>
public static class MilvusCredentials
{
    public const string RootUser = "root";
    public const int MaxUserNameLength = 32;
    public const int MinPasswordLength = 6;
    public const int MaxPasswordLength = 256;

    /// <exception cref="MilvusException">ParameterInvalid saying what is wrong with the name.</exception>
    public static void ValidateUserName(string name)
    {
        if (name.Length == 0 || name.Length > MaxUserNameLength)
        {
            throw Invalid($"user name must have 1 to {MaxUserNameLength} characters, '{name}' has {name.Length}");
        }
        if (!char.IsAsciiLetter(name[0]))
        {
            throw Invalid($"the first character of a user name must be a letter: '{name}'");
        }
        foreach (var c in name.AsSpan(1))
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.'))
            {
                throw Invalid($"user name can only contain numbers, letters, underscores, dashes and dots: '{name}'");
            }
        }
    }

    /// <summary>SDKs send passwords in credential requests base64-encoded; this decodes and checks the length.</summary>
    public static string DecodePassword(string encoded, string field)
    {
        string password;
        try
        {
            password = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
        }
        catch (FormatException)
        {
            throw Invalid($"{field} is not base64, as Milvus SDKs send passwords");
        }
        if (password.Length < MinPasswordLength || password.Length > MaxPasswordLength)
        {
            throw Invalid($"{field} must have {MinPasswordLength} to {MaxPasswordLength} characters");
        }
        return password;
    }

    /// <summary>"user:password" split at the first colon; null when there is no colon (Milvus then reads the token as an API key, which we do not issue).</summary>
    public static (string User, string Password)? SplitToken(string token)
    {
        var colon = token.IndexOf(':', StringComparison.Ordinal);
        return colon <= 0 ? null : (token[..colon], token[(colon + 1)..]);
    }

    private static MilvusException Invalid(string message) => new(MilvusErrorCode.ParameterInvalid, $"{message}: invalid parameter");
}

using OrleansVector.Grains.Interfaces.Milvus;

namespace OrleansVector.Gateway.Milvus;

/// <summary>Milvus's rules for database, collection, partition and alias names: a letter or underscore, then letters, digits and underscores, at most 255.</summary>
public static class MilvusNames
{
    public const int MaxLength = 255;

    /// <summary>The database a request without db_name (and without a dbname header) addresses.</summary>
    public const string DefaultDatabase = "default";

    /// <exception cref="MilvusException">ParameterInvalid naming <paramref name="kind"/> and what is wrong with <paramref name="name"/>.</exception>
    public static void Validate(string kind, string name)
    {
        if (name.Length == 0)
        {
            throw Invalid($"{kind} name should not be empty");
        }
        if (name.Length > MaxLength)
        {
            throw Invalid($"the length of a {kind} name must be not greater than {MaxLength} characters, '{name[..32]}...' has {name.Length}");
        }
        if (!(char.IsAsciiLetter(name[0]) || name[0] == '_'))
        {
            throw Invalid($"the first character of a {kind} name must be an underscore or letter: '{name}'");
        }
        foreach (var c in name.AsSpan(1))
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                throw Invalid($"{kind} name can only contain numbers, letters and underscores: '{name}'");
            }
        }
    }

    private static MilvusException Invalid(string message) => new(MilvusErrorCode.ParameterInvalid, $"{message}: invalid parameter");
}

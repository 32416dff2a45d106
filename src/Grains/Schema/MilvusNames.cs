using OrleansVector.Grains.Interfaces.Milvus;

namespace OrleansVector.Grains.Schema;

/// <summary>
/// Milvus's rules for the names of databases, collections, partitions, aliases, fields and indexes: a letter or an
/// underscore, then letters, digits and underscores, at most <see cref="MaxLength"/> characters.
/// </summary>
public static class MilvusNames
{
    public const int MaxLength = 255;

    /// <summary>Throws <see cref="MilvusException"/> with <paramref name="code"/> and a message naming the rule the name breaks.</summary>
    public static void Validate(string kind, string? name, MilvusErrorCode code = MilvusErrorCode.ParameterInvalid)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw new MilvusException(code, $"The {kind} name must not be empty.");
        }
        if (name.Length > MaxLength)
        {
            throw new MilvusException(code, $"The {kind} name '{name[..32]}...' has {name.Length} characters; at most {MaxLength} are allowed.");
        }
        if (!char.IsAsciiLetter(name[0]) && name[0] != '_')
        {
            throw new MilvusException(code, $"Invalid {kind} name '{name}': the first character must be a letter or an underscore.");
        }
        for (var i = 1; i < name.Length; i++)
        {
            if (!char.IsAsciiLetterOrDigit(name[i]) && name[i] != '_')
            {
                throw new MilvusException(code,
                    $"Invalid {kind} name '{name}': only letters, digits and underscores are allowed ('{name[i]}' at position {i}).");
            }
        }
    }
}

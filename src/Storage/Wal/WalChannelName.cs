namespace OrleansVector.Storage.Wal;

/// <summary>Validates channel names, which become file and object-key segments.</summary>
public static class WalChannelName
{
    /// <summary>Throws unless <paramref name="channel"/> is 1..200 characters of [A-Za-z0-9_.-] and not "." or "..".</summary>
    public static void Validate(string channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        if (channel.Length is 0 or > 200 || channel is "." or ".." || !channel.All(IsAllowed))
        {
            throw new ArgumentException($"WAL channel name '{channel}' is invalid: use 1..200 characters of A-Z a-z 0-9 _ . - (not '.' or '..').", nameof(channel));
        }
    }

    private static bool IsAllowed(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-';
}

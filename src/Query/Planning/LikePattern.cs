namespace OrleansVector.Query.Planning;

/// <summary>How a <c>like</c> pattern is matched.</summary>
internal enum LikeKind
{
    Exact,
    Prefix,
    Suffix,
    Infix,
    General,
}

/// <summary>
/// A compiled <c>like</c> pattern: <c>%</c> matches any run of characters, <c>_</c> exactly one character (one
/// Unicode scalar, however many UTF-8 bytes), <c>\</c> makes the next character literal. Patterns of the forms
/// <c>abc</c>, <c>abc%</c>, <c>%abc</c> and <c>%abc%</c> become an equality, prefix, suffix or substring test over
/// the UTF-8 bytes, as Milvus does; others run a wildcard matcher that never backtracks more than one <c>%</c>.
/// </summary>
internal sealed class LikePattern
{
    private const byte AnyChar = 1;
    private const byte AnyString = 2;

    // General patterns: one unit per character; a unit is a literal (its UTF-8 bytes) or a wildcard.
    private readonly byte[][] _literals;
    private readonly byte[] _units;

    public LikePattern(string pattern)
    {
        Pattern = pattern;
        var literals = new List<byte[]>();
        var units = new List<byte>();
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                i++;
                AddLiteral(pattern, ref i, literals, units);
                continue;
            }

            if (c is '%' or '_')
            {
                if (c == '%' && units.Count > 0 && units[^1] == AnyString)
                {
                    continue;
                }

                units.Add(c == '%' ? AnyString : AnyChar);
                literals.Add([]);
                continue;
            }

            AddLiteral(pattern, ref i, literals, units);
        }

        _literals = [.. literals];
        _units = [.. units];
        (Kind, Literal) = Classify();
    }

    public string Pattern { get; }

    public LikeKind Kind { get; }

    /// <summary>The literal text of the non-general kinds, in UTF-8.</summary>
    public byte[] Literal { get; }

    public bool Matches(ReadOnlySpan<byte> text) => Kind switch
    {
        LikeKind.Exact => text.SequenceEqual(Literal),
        LikeKind.Prefix => text.StartsWith(Literal),
        LikeKind.Suffix => text.EndsWith(Literal),
        LikeKind.Infix => text.IndexOf(Literal) >= 0,
        _ => MatchGeneral(text),
    };

    private static void AddLiteral(string pattern, ref int i, List<byte[]> literals, List<byte> units)
    {
        var length = char.IsHighSurrogate(pattern[i]) && i + 1 < pattern.Length && char.IsLowSurrogate(pattern[i + 1]) ? 2 : 1;
        literals.Add(System.Text.Encoding.UTF8.GetBytes(pattern, i, length));
        units.Add(0);
        i += length - 1;
    }

    private (LikeKind, byte[]) Classify()
    {
        var first = 0;
        var last = _units.Length;
        var leading = last > 0 && _units[0] == AnyString;
        var trailing = last > (leading ? 1 : 0) && _units[^1] == AnyString;
        if (leading)
        {
            first++;
        }

        if (trailing)
        {
            last--;
        }

        for (var i = first; i < last; i++)
        {
            if (_units[i] != 0)
            {
                return (LikeKind.General, []);
            }
        }

        byte[] literal = [.. _literals[first..last].SelectMany(b => b)];
        var kind = (leading, trailing) switch
        {
            (false, false) => LikeKind.Exact,
            (false, true) => LikeKind.Prefix,
            (true, false) => LikeKind.Suffix,
            _ => LikeKind.Infix,
        };
        return (kind, literal);
    }

    private bool MatchGeneral(ReadOnlySpan<byte> text)
    {
        int unit = 0, at = 0, starUnit = -1, starAt = 0;
        while (at < text.Length)
        {
            if (unit < _units.Length && _units[unit] == AnyChar)
            {
                at += CharLength(text[at]);
                unit++;
            }
            else if (unit < _units.Length && _units[unit] == 0 && text[at..].StartsWith(_literals[unit]))
            {
                at += _literals[unit].Length;
                unit++;
            }
            else if (unit < _units.Length && _units[unit] == AnyString)
            {
                starUnit = unit++;
                starAt = at;
            }
            else if (starUnit >= 0)
            {
                unit = starUnit + 1;
                starAt += CharLength(text[starAt]);
                at = starAt;
            }
            else
            {
                return false;
            }
        }

        while (unit < _units.Length && _units[unit] == AnyString)
        {
            unit++;
        }

        return unit == _units.Length;
    }

    private static int CharLength(byte lead) => lead switch
    {
        < 0xC0 => 1,
        < 0xE0 => 2,
        < 0xF0 => 3,
        _ => 4,
    };
}

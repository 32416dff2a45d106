using System.Globalization;
using System.Text;

namespace OrleansVector.Query.Syntax;

/// <summary>
/// Splits a Milvus filter expression into tokens in one left-to-right pass. Keywords are recognised in lower and
/// upper case as Milvus's grammar spells them; integers in decimal, C octal (<c>017</c>, also <c>0o17</c>),
/// hexadecimal and binary; strings single- or double-quoted with C escapes, or raw (<c>r"..."</c>).
/// </summary>
internal sealed class Lexer
{
    private static readonly Dictionary<string, TokenKind> Keywords = new(StringComparer.Ordinal)
    {
        ["and"] = TokenKind.And, ["AND"] = TokenKind.And,
        ["or"] = TokenKind.Or, ["OR"] = TokenKind.Or,
        ["not"] = TokenKind.Not, ["NOT"] = TokenKind.Not,
        ["in"] = TokenKind.In, ["IN"] = TokenKind.In,
        ["like"] = TokenKind.Like, ["LIKE"] = TokenKind.Like,
        ["is"] = TokenKind.Is, ["IS"] = TokenKind.Is,
        ["null"] = TokenKind.Null, ["NULL"] = TokenKind.Null,
        ["exists"] = TokenKind.Exists, ["EXISTS"] = TokenKind.Exists,
    };

    private static readonly Dictionary<string, bool> Booleans = new(StringComparer.Ordinal)
    {
        ["true"] = true, ["True"] = true, ["TRUE"] = true,
        ["false"] = false, ["False"] = false, ["FALSE"] = false,
    };

    private readonly string _text;
    private int _pos;

    private Lexer(string text) => _text = text;

    public static List<Token> Tokenize(string text)
    {
        var lexer = new Lexer(text);
        var tokens = new List<Token>();
        Token token;
        do
        {
            token = lexer.Next();
            tokens.Add(token);
        }
        while (token.Kind != TokenKind.End);

        return tokens;
    }

    private char Peek(int ahead = 0) => _pos + ahead < _text.Length ? _text[_pos + ahead] : '\0';

    private Token Next()
    {
        while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos]))
        {
            _pos++;
        }

        var start = _pos;
        if (_pos >= _text.Length)
        {
            return new Token(TokenKind.End, start, "end of expression");
        }

        var c = _text[_pos];
        if ((c is 'r' or 'R') && Peek(1) is '"' or '\'')
        {
            _pos++;
            return RawString(start);
        }

        if (char.IsAsciiLetter(c) || c == '_')
        {
            return Word(start);
        }

        if (char.IsAsciiDigit(c) || (c == '.' && char.IsAsciiDigit(Peek(1))))
        {
            return Number(start);
        }

        switch (c)
        {
            case '"' or '\'':
                return QuotedString(start);
            case '$':
                return Meta(start);
            case '{':
                return Template(start);
        }

        var two = _pos + 1 < _text.Length ? _text.AsSpan(_pos, 2) : [];
        var kind = two switch
        {
            "&&" => TokenKind.And,
            "||" => TokenKind.Or,
            "==" => TokenKind.Equal,
            "!=" => TokenKind.NotEqual,
            "<=" => TokenKind.LessEqual,
            ">=" => TokenKind.GreaterEqual,
            "<<" => TokenKind.ShiftLeft,
            ">>" => TokenKind.ShiftRight,
            "**" => TokenKind.Power,
            _ => TokenKind.End,
        };
        if (kind != TokenKind.End)
        {
            _pos += 2;
            return new Token(kind, start, two.ToString());
        }

        kind = c switch
        {
            '(' => TokenKind.LeftParen,
            ')' => TokenKind.RightParen,
            '[' => TokenKind.LeftBracket,
            ']' => TokenKind.RightBracket,
            ',' => TokenKind.Comma,
            '+' => TokenKind.Plus,
            '-' => TokenKind.Minus,
            '*' => TokenKind.Star,
            '/' => TokenKind.Slash,
            '%' => TokenKind.Percent,
            '~' => TokenKind.Tilde,
            '&' => TokenKind.Ampersand,
            '^' => TokenKind.Caret,
            '|' => TokenKind.Pipe,
            '<' => TokenKind.Less,
            '>' => TokenKind.Greater,
            '!' => TokenKind.Not,
            '=' => throw new ExpressionException("'=' is not an operator; write '==' to compare for equality", start),
            _ => throw new ExpressionException($"unexpected character '{Printable(c)}'", start),
        };
        _pos++;
        return new Token(kind, start, c.ToString());
    }

    private Token Word(int start)
    {
        while (_pos < _text.Length && (char.IsAsciiLetterOrDigit(_text[_pos]) || _text[_pos] == '_'))
        {
            _pos++;
        }

        var word = _text[start.._pos];
        if (Booleans.TryGetValue(word, out var value))
        {
            return new Token(TokenKind.Boolean, start, word, Boolean: value);
        }

        return new Token(Keywords.GetValueOrDefault(word, TokenKind.Identifier), start, word);
    }

    private Token Meta(int start)
    {
        if (string.CompareOrdinal(_text, _pos, "$meta", 0, 5) == 0 && !IsWordChar(Peek(5)))
        {
            _pos += 5;
            return new Token(TokenKind.Meta, start, "$meta");
        }

        throw new ExpressionException("'$' must begin '$meta'", start);
    }

    private Token Template(int start)
    {
        _pos++;
        var nameStart = _pos;
        while (_pos < _text.Length && IsWordChar(_text[_pos]))
        {
            _pos++;
        }

        if (_pos == nameStart || char.IsAsciiDigit(_text[nameStart]) || Peek() != '}')
        {
            throw new ExpressionException("a template variable is written {name}, with a name of letters, digits and '_'", start);
        }

        var name = _text[nameStart.._pos];
        _pos++;
        return new Token(TokenKind.Template, start, name);
    }

    private Token Number(int start)
    {
        if (_text[_pos] == '0' && (Peek(1) | 0x20) is 'x' or 'b' or 'o')
        {
            var radix = (Peek(1) | 0x20) switch { 'x' => 16, 'b' => 2, _ => 8 };
            _pos += 2;
            return Integer(start, _pos, radix);
        }

        while (char.IsAsciiDigit(Peek()))
        {
            _pos++;
        }

        var isFloat = false;
        if (Peek() == '.')
        {
            isFloat = true;
            _pos++;
            while (char.IsAsciiDigit(Peek()))
            {
                _pos++;
            }
        }

        if ((Peek() | 0x20) == 'e')
        {
            var save = _pos;
            _pos++;
            if (Peek() is '+' or '-')
            {
                _pos++;
            }

            if (!char.IsAsciiDigit(Peek()))
            {
                _pos = save;
                throw Malformed(start, "its exponent has no digits");
            }

            while (char.IsAsciiDigit(Peek()))
            {
                _pos++;
            }

            isFloat = true;
        }

        if (isFloat)
        {
            if (IsWordChar(Peek()))
            {
                throw Malformed(start, "it runs into letters");
            }

            var value = double.Parse(_text.AsSpan(start, _pos - start), NumberStyles.Float, CultureInfo.InvariantCulture);
            if (double.IsInfinity(value))
            {
                throw new ExpressionException($"floating point literal '{_text[start.._pos]}' is out of range for Double", start);
            }

            return new Token(TokenKind.Float, start, _text[start.._pos], Float: value);
        }

        // C style: a leading zero means octal.
        return _text[start] == '0' && _pos - start > 1 ? Integer(start, start + 1, 8, _pos) : Integer(start, start, 10, _pos);
    }

    private Token Integer(int start, int digitsStart, int radix, int digitsEnd = -1)
    {
        if (digitsEnd < 0)
        {
            _pos = digitsStart;
            while (IsWordChar(Peek()))
            {
                _pos++;
            }

            digitsEnd = _pos;
        }
        else if (IsWordChar(Peek()))
        {
            while (IsWordChar(Peek()))
            {
                _pos++;
            }

            throw Malformed(start, "it runs into letters");
        }

        if (digitsEnd == digitsStart)
        {
            throw Malformed(start, "it has no digits");
        }

        var magnitude = UInt128.Zero;
        for (var i = digitsStart; i < digitsEnd; i++)
        {
            var digit = HexValue(_text[i]);
            if (digit < 0 || digit >= radix)
            {
                _pos = digitsEnd;
                throw Malformed(start, $"'{_text[i]}' is not a base-{radix} digit");
            }

            magnitude = (magnitude * (uint)radix) + (uint)digit;
            if (magnitude > (UInt128)long.MaxValue + 1)
            {
                _pos = digitsEnd;
                throw new ExpressionException($"integer literal '{_text[start..digitsEnd]}' is out of range for Int64", start);
            }
        }

        _pos = digitsEnd;
        return new Token(TokenKind.Integer, start, _text[start..digitsEnd], Integer: (ulong)magnitude);
    }

    private Token QuotedString(int start)
    {
        var quote = _text[_pos++];
        var builder = new StringBuilder();
        while (true)
        {
            if (_pos >= _text.Length)
            {
                throw new ExpressionException("string literal is not terminated", start);
            }

            var c = _text[_pos];
            if (c == quote)
            {
                _pos++;
                return new Token(TokenKind.String, start, builder.ToString());
            }

            if (c == '\\')
            {
                Escape(builder);
            }
            else
            {
                builder.Append(c);
                _pos++;
            }
        }
    }

    private Token RawString(int start)
    {
        var quote = _text[_pos++];
        var end = _text.IndexOf(quote, _pos);
        if (end < 0)
        {
            throw new ExpressionException("raw string literal is not terminated", start);
        }

        var value = _text[_pos..end];
        _pos = end + 1;
        return new Token(TokenKind.String, start, value);
    }

    private void Escape(StringBuilder builder)
    {
        var at = _pos;
        _pos++;
        var e = Peek();
        if (_pos >= _text.Length)
        {
            throw new ExpressionException("string literal ends inside an escape sequence", at);
        }

        _pos++;
        switch (e)
        {
            case 'n': builder.Append('\n'); return;
            case 't': builder.Append('\t'); return;
            case 'r': builder.Append('\r'); return;
            case 'b': builder.Append('\b'); return;
            case 'f': builder.Append('\f'); return;
            case 'v': builder.Append('\v'); return;
            case 'a': builder.Append('\a'); return;
            case '\\' or '"' or '\'' or '?': builder.Append(e); return;
            case 'x': AppendCodePoint(builder, at, ReadDigits(at, 16, 1, 2)); return;
            case 'u': AppendCodePoint(builder, at, ReadDigits(at, 16, 4, 4)); return;
            case 'U': AppendCodePoint(builder, at, ReadDigits(at, 16, 8, 8)); return;
        }

        if (e is >= '0' and <= '7')
        {
            _pos--;
            AppendCodePoint(builder, at, ReadDigits(at, 8, 1, 3));
            return;
        }

        throw new ExpressionException($"unknown escape sequence '\\{Printable(e)}' in string literal", at);
    }

    private int ReadDigits(int at, int radix, int min, int max)
    {
        var value = 0;
        var count = 0;
        while (count < max && HexValue(Peek()) is var digit && digit >= 0 && digit < radix)
        {
            value = (value * radix) + digit;
            _pos++;
            count++;
        }

        return count >= min ? value : throw new ExpressionException($"escape sequence needs {min} base-{radix} digits", at);
    }

    private static void AppendCodePoint(StringBuilder builder, int at, int codePoint)
    {
        if (!Rune.IsValid(codePoint))
        {
            throw new ExpressionException($"escape sequence names U+{codePoint:X}, which is not a Unicode scalar value", at);
        }

        builder.Append(new Rune(codePoint).ToString());
    }

    private ExpressionException Malformed(int start, string why)
    {
        var end = Math.Min(Math.Max(_pos, start + 1), _text.Length);
        return new ExpressionException($"malformed number '{_text[start..end]}': {why}", start);
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    private static string Printable(char c) => char.IsControl(c) || char.IsSurrogate(c) ? $"\\u{(int)c:X4}" : c.ToString();
}

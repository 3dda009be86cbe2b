using System.Globalization;
using System.Text;

namespace Mlops;

/// <summary>Splits filter text into tokens: identifiers (or `quoted` ones), numbers, 'strings', operators, ( ) , .</summary>
internal static class FilterLexer
{
    public static List<FilterToken> Tokenize(string text)
    {
        var tokens = new List<FilterToken>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            var start = i;
            switch (c)
            {
                case '(': tokens.Add(new(FilterTokenKind.LeftParen, "(", null, i++)); continue;
                case ')': tokens.Add(new(FilterTokenKind.RightParen, ")", null, i++)); continue;
                case ',': tokens.Add(new(FilterTokenKind.Comma, ",", null, i++)); continue;
                case '.' when i + 1 >= text.Length || !char.IsAsciiDigit(text[i + 1]): tokens.Add(new(FilterTokenKind.Dot, ".", null, i++)); continue;
                case '\'' or '"':
                    tokens.Add(new(FilterTokenKind.String, text[start..(i = EndOfQuoted(text, i, c))], Unquote(text[start..i], c), start));
                    continue;
                case '`':
                    tokens.Add(new(FilterTokenKind.Identifier, text[start..(i = EndOfQuoted(text, i, c))], Unquote(text[start..i], c), start));
                    continue;
                case '=' or '<' or '>' or '!':
                    var op = i + 1 < text.Length && (text[i + 1] == '=' || (c == '<' && text[i + 1] == '>')) ? text.Substring(i, 2) : c.ToString();
                    if (op == "!") throw RunQueryParser.Error(text, i, "'!' must be followed by '=' (not equal is != or <>)");
                    tokens.Add(new(FilterTokenKind.Operator, op, null, i));
                    i += op.Length;
                    continue;
            }
            if (char.IsAsciiDigit(c) || c == '.' || ((c == '-' || c == '+') && i + 1 < text.Length && (char.IsAsciiDigit(text[i + 1]) || text[i + 1] == '.')))
            {
                i++;
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '.' || ((text[i] == '-' || text[i] == '+') && (text[i - 1] is 'e' or 'E')))) i++;
                var number = text[start..i];
                if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                    throw RunQueryParser.Error(text, start, $"'{number}' is not a number");
                tokens.Add(new(FilterTokenKind.Number, number, value, start));
                continue;
            }
            if (char.IsLetter(c) || c == '_')
            {
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is '_' or '-' or '/' or ':')) i++;
                tokens.Add(new(FilterTokenKind.Identifier, text[start..i], text[start..i], start));
                continue;
            }
            throw RunQueryParser.Error(text, i, $"unexpected '{c}'");
        }
        tokens.Add(new(FilterTokenKind.End, "", null, text.Length));
        return tokens;
    }

    private static int EndOfQuoted(string text, int start, char quote)
    {
        for (var i = start + 1; i < text.Length; i++)
        {
            if (text[i] != quote) continue;
            if (i + 1 < text.Length && text[i + 1] == quote) { i++; continue; }   // a doubled quote stands for itself
            return i + 1;
        }
        throw RunQueryParser.Error(text, start, $"this {quote} is never closed");
    }

    private static string Unquote(string quoted, char quote)
    {
        var inner = quoted[1..^1];
        return inner.Replace(new string(quote, 2), quote.ToString());
    }
}

using System.Globalization;

namespace Mlops;

internal enum GateTokenKind { Number, Name, Compare, Plus, Minus, Times, Divide, Open, Close, And, Or, End }

internal readonly record struct GateToken(GateTokenKind Kind, string Text, int Position);

internal static class GateLexer
{
    public static List<GateToken> Tokenize(string text)
    {
        var tokens = new List<GateToken>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            var start = i;
            if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
            {
                while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.')) i++;
                if (i < text.Length && text[i] is 'e' or 'E')
                {
                    i++;
                    if (i < text.Length && text[i] is '+' or '-') i++;
                    while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
                }
                if (!double.TryParse(text[start..i], NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                    throw Gate.Error(text, start, $"'{text[start..i]}' is not a number");
                tokens.Add(new(GateTokenKind.Number, text[start..i], start));
                continue;
            }
            if (char.IsAsciiLetter(c) || c == '_')
            {
                // a '-' joins a name (an alias such as canary-eu) only when a letter follows: auc-0.01 is a subtraction
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] is '_' or '.'
                                           || (text[i] == '-' && i + 1 < text.Length && char.IsAsciiLetter(text[i + 1])))) i++;
                var word = text[start..i];
                var kind = word.ToLowerInvariant() switch { "and" => GateTokenKind.And, "or" => GateTokenKind.Or, _ => GateTokenKind.Name };
                tokens.Add(new(kind, word, start));
                continue;
            }
            var two = i + 1 < text.Length ? text.Substring(i, 2) : "";
            if (two is ">=" or "<=" or "!=" or "==") { tokens.Add(new(GateTokenKind.Compare, two == "==" ? "=" : two, start)); i += 2; continue; }
            var kindOf = c switch
            {
                '>' or '<' or '=' => GateTokenKind.Compare,
                '+' => GateTokenKind.Plus,
                '-' => GateTokenKind.Minus,
                '*' => GateTokenKind.Times,
                '/' => GateTokenKind.Divide,
                '(' => GateTokenKind.Open,
                ')' => GateTokenKind.Close,
                _ => throw Gate.Error(text, i, $"unexpected '{c}'; a gate holds metric names, numbers, + - * /, comparisons (>= <= > < = !=), and, or and parentheses"),
            };
            tokens.Add(new(kindOf, c.ToString(), start));
            i++;
        }
        tokens.Add(new(GateTokenKind.End, "", text.Length));
        return tokens;
    }
}

/// <summary>A boolean part of a gate. Evaluate returns null when every comparison in it was skipped.</summary>
internal abstract record GateNode
{
    public abstract bool? Evaluate(IReadOnlyDictionary<string, double> candidate, IReadOnlyDictionary<string, double>? incumbent, List<GateTermResult> terms);
}

internal sealed record GateAnd(GateNode Left, GateNode Right) : GateNode
{
    public override bool? Evaluate(IReadOnlyDictionary<string, double> candidate, IReadOnlyDictionary<string, double>? incumbent, List<GateTermResult> terms)
    {
        var (l, r) = (Left.Evaluate(candidate, incumbent, terms), Right.Evaluate(candidate, incumbent, terms));
        return l is null ? r : r is null ? l : l.Value && r.Value;
    }
}

internal sealed record GateOr(GateNode Left, GateNode Right) : GateNode
{
    public override bool? Evaluate(IReadOnlyDictionary<string, double> candidate, IReadOnlyDictionary<string, double>? incumbent, List<GateTermResult> terms)
    {
        var (l, r) = (Left.Evaluate(candidate, incumbent, terms), Right.Evaluate(candidate, incumbent, terms));
        return l is null ? r : r is null ? l : l.Value || r.Value;
    }
}

internal sealed record GateComparison(GateValue Left, string Operator, GateValue Right, string Text) : GateNode
{
    public override bool? Evaluate(IReadOnlyDictionary<string, double> candidate, IReadOnlyDictionary<string, double>? incumbent, List<GateTermResult> terms)
    {
        if (incumbent is null && (Left.NamesIncumbent || Right.NamesIncumbent))
        {
            terms.Add(new GateTermResult(Text, null, null, null, "skipped: no model holds the alias yet"));
            return null;
        }
        var (left, missingLeft) = Left.Value(candidate, incumbent!);
        var (right, missingRight) = Right.Value(candidate, incumbent!);
        if ((missingLeft ?? missingRight) is { } missing)
        {
            terms.Add(new GateTermResult(Text, null, null, false, $"failed: {missing}"));
            return false;
        }
        var passed = Operator switch
        {
            ">=" => left >= right,
            "<=" => left <= right,
            ">" => left > right,
            "<" => left < right,
            "=" => left == right,
            _ => left != right,
        };
        terms.Add(new GateTermResult(Text, left, right, passed, null));
        return passed;
    }
}

/// <summary>A number-valued part of a gate.</summary>
internal abstract record GateValue
{
    public abstract bool NamesIncumbent { get; }

    /// <summary>The value, or a note saying which metric is missing.</summary>
    public abstract (double Value, string? Missing) Value(IReadOnlyDictionary<string, double> candidate, IReadOnlyDictionary<string, double> incumbent);
}

internal sealed record GateNumber(double Number) : GateValue
{
    public override bool NamesIncumbent => false;

    public override (double, string?) Value(IReadOnlyDictionary<string, double> candidate, IReadOnlyDictionary<string, double> incumbent) => (Number, null);
}

internal sealed record GateMetric(string Metric, bool Incumbent, string Written) : GateValue
{
    public override bool NamesIncumbent => Incumbent;

    public override (double, string?) Value(IReadOnlyDictionary<string, double> candidate, IReadOnlyDictionary<string, double> incumbent) =>
        (Incumbent ? incumbent : candidate).TryGetValue(Metric, out var value)
            ? (value, null)
            : (double.NaN, $"the {(Incumbent ? "incumbent" : "candidate")} gives no {Metric}");
}

internal sealed record GateArithmetic(GateValue Left, char Operator, GateValue Right) : GateValue
{
    public override bool NamesIncumbent => Left.NamesIncumbent || Right.NamesIncumbent;

    public override (double, string?) Value(IReadOnlyDictionary<string, double> candidate, IReadOnlyDictionary<string, double> incumbent)
    {
        var (l, missingLeft) = Left.Value(candidate, incumbent);
        var (r, missingRight) = Right.Value(candidate, incumbent);
        var value = Operator switch { '+' => l + r, '-' => l - r, '*' => l * r, _ => l / r };
        return (value, missingLeft ?? missingRight);
    }
}

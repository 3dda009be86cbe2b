using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Mlops;

/// <summary>
/// Parses the <c>k=v,k=v</c> lists that directives and CLI verbs take, or a JSON object in their place
/// (<c>{"lr":0.01,"note":"a, b"}</c>). A value in the list form may be double-quoted to hold commas.
/// </summary>
public static class KeyValueList
{
    /// <summary>Parses a list of text values.</summary>
    /// <param name="text">The list or JSON object.</param>
    /// <param name="option">The option the text came from, for messages (e.g. "--params").</param>
    /// <exception cref="MlopsException">InvalidArgument showing the expected forms.</exception>
    public static IReadOnlyList<KeyValuePair<string, string>> Parse(string text, string option)
    {
        var trimmed = text.Trim();
        var pairs = trimmed.StartsWith('{') ? ParseJson(trimmed, option) : ParseList(trimmed, option);
        var duplicate = pairs.GroupBy(p => p.Key).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw MlopsException.Invalid($"{option} names '{duplicate.Key}' more than once; give each key once.");
        return pairs;
    }

    /// <summary>Parses a list whose values are numbers. NaN, Infinity and -Infinity are accepted.</summary>
    /// <exception cref="MlopsException">InvalidArgument naming the value that is not a number.</exception>
    public static IReadOnlyList<KeyValuePair<string, double>> ParseNumbers(string text, string option) =>
        Parse(text, option).Select(p => KeyValuePair.Create(p.Key, ParseNumber(p.Value)
            ?? throw MlopsException.Invalid($"{option}: the value of '{p.Key}' is '{p.Value}', which is not a number. Use e.g. {p.Key}=0.25 (NaN and Infinity are accepted)."))).ToList();

    /// <summary>Parses a number in the invariant culture, accepting NaN, inf and Infinity in any case.</summary>
    public static double? ParseNumber(string text)
    {
        var t = text.Trim();
        if (double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)) return value;
        return t.ToLowerInvariant() switch
        {
            "nan" => double.NaN,
            "inf" or "+inf" or "infinity" or "+infinity" => double.PositiveInfinity,
            "-inf" or "-infinity" => double.NegativeInfinity,
            _ => null,
        };
    }

    private static List<KeyValuePair<string, string>> ParseJson(string text, string option)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            return doc.RootElement.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, p.Value.ValueKind switch
            {
                JsonValueKind.String => p.Value.GetString()!,
                JsonValueKind.Null => throw MlopsException.Invalid($"{option}: '{p.Name}' is null; give it a value."),
                _ => p.Value.GetRawText(),
            })).ToList();
        }
        catch (JsonException e)
        {
            throw MlopsException.Invalid($"{option} starts with '{{' but is not a valid JSON object ({e.Message}). Expected e.g. {{\"lr\":0.01,\"note\":\"a, b\"}}.");
        }
    }

    private static List<KeyValuePair<string, string>> ParseList(string text, string option)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        if (text.Length == 0) throw MlopsException.Invalid($"{option} is empty. Expected key=value pairs separated by commas, e.g. lr=0.01,epochs=10.");
        foreach (var item in SplitOutsideQuotes(text))
        {
            var eq = item.IndexOf('=');
            if (eq <= 0)
                throw MlopsException.Invalid($"{option}: '{item}' is not key=value. Expected pairs separated by commas, e.g. lr=0.01,epochs=10, or a JSON object.");
            var value = item[(eq + 1)..].Trim();
            if (value.Length >= 2 && value[0] == '"' && value[^1] == '"') value = value[1..^1];
            pairs.Add(KeyValuePair.Create(item[..eq].Trim(), value));
        }
        return pairs;
    }

    private static IEnumerable<string> SplitOutsideQuotes(string text)
    {
        var current = new StringBuilder();
        var quoted = false;
        foreach (var c in text)
        {
            if (c == '"') quoted = !quoted;
            if (c == ',' && !quoted) { yield return current.ToString().Trim(); current.Clear(); }
            else current.Append(c);
        }
        yield return current.ToString().Trim();
    }
}

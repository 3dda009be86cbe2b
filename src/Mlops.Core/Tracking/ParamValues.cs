using System.Collections;
using System.Globalization;
using System.Reflection;

namespace Mlops;

/// <summary>Turns what users pass as params or tags (numbers, enums, anonymous objects, option classes) into key/text pairs.</summary>
public static class ParamValues
{
    /// <summary>Longest param or tag value accepted.</summary>
    public const int MaxValueLength = 8000;

    /// <summary>The text stored for a param or tag value (invariant culture, lowercase booleans).</summary>
    public static string ToText(object? value, string key) => value switch
    {
        null => throw MlopsException.Invalid($"param '{key}' is null; give it a value (params are immutable, so null cannot be filled in later)."),
        string s => s,
        bool b => b ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>Reads key/value pairs from a dictionary, a sequence of pairs, or an object's public properties and fields.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> FromObject(object values)
    {
        switch (values)
        {
            case IEnumerable<KeyValuePair<string, string>> pairs:
                return pairs.ToList();
            case IDictionary dictionary:
                var entries = new List<KeyValuePair<string, string>>();
                for (var e = dictionary.GetEnumerator(); e.MoveNext();)
                {
                    var key = Convert.ToString(e.Key, CultureInfo.InvariantCulture) ?? "";
                    entries.Add(KeyValuePair.Create(key, ToText(e.Value, key)));
                }
                return entries;
            case IEnumerable enumerable when values is not string && TryPairs(enumerable, out var list):
                return list;
        }
        var type = values.GetType();
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.GetIndexParameters().Length == 0)
            .Select(p => (p.Name, Value: p.GetValue(values)));
        var fields = type.GetFields(BindingFlags.Public | BindingFlags.Instance).Select(f => (f.Name, Value: f.GetValue(values)));
        var members = properties.Concat(fields).Where(m => m.Value is not null).ToList();
        if (members.Count == 0)
            throw MlopsException.Invalid($"LogParams got a {type.Name} with no public properties or fields to log; pass an anonymous object (new {{ lr = 0.01 }}) or a dictionary.");
        return members.Select(m => KeyValuePair.Create(m.Name, ToText(m.Value, m.Name))).ToList();
    }

    private static bool TryPairs(IEnumerable enumerable, out IReadOnlyList<KeyValuePair<string, string>> pairs)
    {
        var list = new List<KeyValuePair<string, string>>();
        foreach (var item in enumerable)
        {
            var type = item?.GetType();
            if (type is not { IsGenericType: true } || type.GetGenericTypeDefinition() != typeof(KeyValuePair<,>))
            {
                pairs = [];
                return false;
            }
            var key = Convert.ToString(type.GetProperty("Key")!.GetValue(item), CultureInfo.InvariantCulture) ?? "";
            list.Add(KeyValuePair.Create(key, ToText(type.GetProperty("Value")!.GetValue(item), key)));
        }
        pairs = list;
        return true;
    }

    internal static void CheckValue(string key, string value, string what)
    {
        if (value.Length > MaxValueLength)
            throw MlopsException.Invalid($"{what} '{key}' has a value of {value.Length:N0} characters; at most {MaxValueLength:N0} are stored. Log long text as an artifact.");
    }
}

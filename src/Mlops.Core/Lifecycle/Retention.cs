using System.Globalization;
using System.Text.RegularExpressions;

namespace Mlops;

/// <summary>How long deleted things are kept before <c>gc</c> purges them: <c>30d</c>, <c>12h</c>, <c>90m</c>, <c>0d</c> (now).</summary>
public static partial class Retention
{
    /// <summary>The default: deleted 30 days ago or more.</summary>
    public static readonly TimeSpan Default = TimeSpan.FromDays(30);

    /// <exception cref="MlopsException">InvalidArgument for any other form.</exception>
    public static TimeSpan Parse(string? text)
    {
        if (text is null) return Default;
        var m = Form().Match(text.Trim());
        if (!m.Success)
            throw MlopsException.Invalid($"--older-than {text}: give a number of days, hours or minutes, e.g. 30d, 12h, 90m (0d purges everything deleted).");
        var n = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        return m.Groups[2].Value switch { "d" => TimeSpan.FromDays(n), "h" => TimeSpan.FromHours(n), _ => TimeSpan.FromMinutes(n) };
    }

    [GeneratedRegex(@"^(\d{1,5})([dhm])$")]
    private static partial Regex Form();
}

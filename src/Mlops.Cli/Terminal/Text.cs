using System.Globalization;

namespace Mlops.Cli.Terminal;

/// <summary>Plain-text forms of numbers, times and durations, matching the HTML views.</summary>
internal static class Text
{
    public static string Number(double value) => value switch
    {
        double.NaN => "NaN",
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ => value.ToString("G6", CultureInfo.InvariantCulture),
    };

    public static string Time(DateTimeOffset? time) =>
        time is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "";

    public static string Duration(TimeSpan? duration) => duration is { } d
        ? d.TotalSeconds < 60 ? d.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + "s" : $"{(int)d.TotalMinutes}m{d.Seconds:00}s"
        : "";
}

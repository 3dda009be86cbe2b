using System.Globalization;
using System.Net;
using System.Reflection;

namespace Mlops.Charts;

/// <summary>Small, consistent HTML pieces: encoding, numbers (non-finite shown as such), times, sizes, status badges.</summary>
public static class Html
{
    private static readonly Lazy<string> Css = new(() =>
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Mlops.Charts.mlops.css")!;
        return new StreamReader(stream).ReadToEnd();
    });

    /// <summary>The stylesheet every view is written against.</summary>
    public static string StyleSheet => Css.Value;

    /// <summary>A view's outer element with its style block, so it renders alone in a notebook output.</summary>
    public static string Wrap(string body, string cssClass = "") =>
        $"<div class=\"mlops {cssClass}\"><style>{StyleSheet}</style>{body}</div>";

    /// <summary>HTML-encodes text.</summary>
    public static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    /// <summary>A number with 6 significant digits; NaN and infinities shown as such and marked.</summary>
    public static string Number(double value) => value switch
    {
        double.NaN => "<span class=\"nonfinite\">NaN</span>",
        double.PositiveInfinity => "<span class=\"nonfinite\">+∞</span>",
        double.NegativeInfinity => "<span class=\"nonfinite\">−∞</span>",
        _ => value.ToString("G6", CultureInfo.InvariantCulture),
    };

    /// <summary>A stored value: NULL shown as ∅, numbers as <see cref="Number"/>, times in ISO form.</summary>
    public static string Value(object? value) => value switch
    {
        null or DBNull => "<span class=\"muted\">∅</span>",
        double d => Number(d),
        float f => Number(f),
        DateTime t => E(t.ToString(t.TimeOfDay == TimeSpan.Zero ? "yyyy-MM-dd" : "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)),
        DateOnly d => E(d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        bool b => b ? "true" : "false",
        _ => E(Convert.ToString(value, CultureInfo.InvariantCulture)),
    };

    /// <summary>A UTC time to the second, e.g. 2026-11-29 20:15:03Z.</summary>
    public static string Time(DateTimeOffset? time) =>
        time is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "";

    /// <summary>A duration as 850 ms, 12.3 s, 4m 05s or 2h 03m.</summary>
    public static string Duration(TimeSpan? duration) => duration switch
    {
        null => "",
        { TotalSeconds: < 1 } d => $"{d.TotalMilliseconds:0} ms",
        { TotalMinutes: < 1 } d => $"{d.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s",
        { TotalHours: < 1 } d => $"{(int)d.TotalMinutes}m {d.Seconds:00}s",
        var d => $"{(int)d.Value.TotalHours}h {d.Value.Minutes:00}m",
    };

    /// <summary>A byte count as B, KB, MB or GB (powers of 1000).</summary>
    public static string Size(long bytes) => bytes switch
    {
        < 1_000 => $"{bytes} B",
        < 1_000_000 => (bytes / 1e3).ToString("0.#", CultureInfo.InvariantCulture) + " KB",
        < 1_000_000_000 => (bytes / 1e6).ToString("0.#", CultureInfo.InvariantCulture) + " MB",
        _ => (bytes / 1e9).ToString("0.##", CultureInfo.InvariantCulture) + " GB",
    };

    /// <summary>A colored status badge.</summary>
    public static string Badge(RunStatus status) => $"<span class=\"badge {status.ToText()}\">{status.ToText()}</span>";

    /// <summary>A short run id with the full id as its tooltip.</summary>
    public static string RunIdCell(RunId id) => $"<span class=\"id\" title=\"{id.Value}\">{id.Short}</span>";

    /// <summary>A two-column key/value grid.</summary>
    public static string KeyValues(IEnumerable<(string Key, string ValueHtml)> rows) =>
        "<div class=\"kv\">" + string.Concat(rows.Select(r => $"<div>{E(r.Key)}</div><div>{r.ValueHtml}</div>")) + "</div>";

    /// <summary>A table from a header and rows of cell HTML; numeric columns are right-aligned.</summary>
    public static string Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows, ISet<int>? numeric = null)
    {
        string Cls(int i) => numeric?.Contains(i) == true ? " class=\"num\"" : "";
        var head = string.Concat(header.Select((h, i) => $"<th{Cls(i)}>{E(h)}</th>"));
        var body = string.Concat(rows.Select(r => "<tr>" + string.Concat(r.Select((c, i) => $"<td{Cls(i)}>{c}</td>")) + "</tr>"));
        return $"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>";
    }
}

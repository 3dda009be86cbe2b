namespace Mlops.Charts;

/// <summary>
/// Where charts are being drawn: a prefix that keeps element ids unique on the page, and whether this output should
/// carry plotly.js (asked only when a view actually draws a chart).
/// </summary>
public sealed class ChartContext(string idPrefix, Func<bool> claimBundle)
{
    private int _next;

    /// <summary>A context that always includes the bundle, for a standalone page.</summary>
    public static ChartContext Standalone(string idPrefix) => new(idPrefix, () => true);

    /// <summary>The charts as HTML, with the bundle when this context claims it.</summary>
    public string Render(IReadOnlyList<ChartSpec> charts) =>
        charts.Count == 0 ? "" : ChartHtml.Render(charts, $"{idPrefix}-{_next++}", claimBundle());
}

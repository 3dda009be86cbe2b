using System.Globalization;

namespace Mlops.Charts;

/// <summary>Profiles and drift reports: a table of statistics and a chart per column.</summary>
public static class DatasetStatisticsViews
{
    /// <summary>Per-column statistics with a histogram (numbers) or top-values chart (other types) per column.</summary>
    public static string Profile(DatasetProfile profile, ChartContext charts)
    {
        var rows = profile.Columns.Select(c => (IReadOnlyList<string>)
        [
            Html.E(c.Name), $"<code>{Html.E(c.Type)}</code>", c.Nulls == 0 ? "0" : $"<span class=\"flag\">{c.Nulls:N0}</span>", c.Distinct.ToString("N0"),
            Html.E(c.Min), Html.E(c.Max), c.Mean is { } m ? Html.Number(m) : "", c.Std is { } s ? Html.Number(s) : "",
            Html.E(string.Join(", ", c.Top.Take(3).Select(t => $"{Shorten(t.Value)} ({t.Count:N0})"))),
        ]);
        var table = Html.Table(["column", "type", "nulls", "distinct", "min", "max", "mean", "std", "top values"], rows, new HashSet<int> { 2, 3, 6, 7 });
        var specs = profile.Columns.Select(c => c.Histogram is { } h
            ? (ChartSpec)new HistogramChart(c.Name, h.Edges, h.Counts)
            : new BarChart(c.Name, c.Top.Select(t => Shorten(t.Value)).ToList(), [new ChartSeries("rows", c.Top.Select(t => (double)t.Count).ToList())], YTitle: "rows")).ToList();
        return Html.Wrap($"<div class=\"card\"><h3>Profile of {Html.E(profile.Version.Label)} <span class=\"muted\">{profile.Version.Rows:N0} rows</span></h3>{table}"
                         + $"<div class=\"charts-grid\">{charts.Render(specs)}</div></div>");
    }

    /// <summary>PSI and KS per column with levels flagged, and reference-vs-current shares for each drifted column.</summary>
    public static string Drift(DatasetDrift drift, ChartContext charts)
    {
        var t = drift.Thresholds;
        var rows = drift.Columns.Select(c => (IReadOnlyList<string>)
        [
            Html.E(c.Name), $"<code>{Html.E(c.Type)}</code>", Number(c.Psi), c.Ks is { } ks ? Number(ks) : "", c.KsPValue is { } p ? Wording.PValue(p) : "",
            $"<span class=\"badge {c.Level.ToString().ToLowerInvariant()}\">{c.Level.ToString().ToLowerInvariant()}</span>",
        ]);
        var drifted = drift.Columns.Where(c => c.Level != DriftLevel.None).ToList();
        var specs = drifted.Select(c => (ChartSpec)new BarChart(c.Name, c.Bins,
            [new ChartSeries(drift.Reference.Label, c.ReferenceShare), new ChartSeries(drift.Current.Label, c.CurrentShare)], YTitle: "share of rows")).ToList();
        var legend = $"<p class=\"muted\">PSI ≥ {Number(t.PsiModerate)} moderate, ≥ {Number(t.PsiSignificant)} significant; KS flags numbers when p &lt; {Number(t.KsAlpha)} and the statistic ≥ {Number(t.KsMinimumStatistic)}.</p>";
        var summary = $"<p>{drifted.Count} of {drift.Columns.Count} columns drifted.</p>";
        return Html.Wrap($"<div class=\"card\"><h3>Drift of {Html.E(drift.Current.Label)} against {Html.E(drift.Reference.Label)}</h3>{summary}"
                         + Html.Table(["column", "type", "PSI", "KS", "KS p-value", "level"], rows, new HashSet<int> { 2, 3, 4 }) + legend
                         + $"<div class=\"charts-grid\">{charts.Render(specs)}</div></div>");
    }


    private static string Number(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    private static string Shorten(string value) => value.Length > 24 ? value[..24] + "…" : value;
}

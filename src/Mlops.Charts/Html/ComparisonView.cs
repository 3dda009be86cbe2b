using System.Globalization;

namespace Mlops.Charts;

/// <summary>
/// Runs side by side: a table of params and metrics (optionally only what differs, optionally transposed), the chosen
/// metric's curves overlaid, the other metrics' curves, a parallel-coordinates chart of params against the metric, and
/// a scatter of each numeric param against it.
/// </summary>
public static class ComparisonView
{
    /// <summary>Metrics other than the chosen one that get a curves chart.</summary>
    public const int MaxOtherMetricCharts = 8;

    /// <summary>The comparison as HTML; charts are drawn in <paramref name="charts"/>.</summary>
    public static string Render(RunComparison comparison, ChartContext charts)
    {
        var title = $"<h3>Comparing {comparison.Runs.Count} runs" + (comparison.Metric is { } m ? $" <span class=\"muted\">on {Html.E(m)} ({comparison.Aggregate.ToString().ToLowerInvariant()})</span>" : "") + "</h3>";
        return Html.Wrap($"<div class=\"card\">{title}{Table(comparison)}<div class=\"charts-grid\">{charts.Render(Charts(comparison))}</div>{ParamNote(comparison)}</div>");
    }

    /// <summary>The charts of a comparison, in display order.</summary>
    public static IReadOnlyList<ChartSpec> Charts(RunComparison comparison)
    {
        var specs = new List<ChartSpec>();
        var metrics = comparison.MetricKeys;
        var ordered = comparison.Metric is { } chosen ? metrics.Where(k => k != chosen).Prepend(chosen).Take(MaxOtherMetricCharts + 1) : metrics.Take(MaxOtherMetricCharts);
        foreach (var key in ordered)
            // a metric logged once per run is a value (the table has it), not a curve
            if (comparison.Curves.TryGetValue(key, out var curves) && curves.Values.Any(c => c.Count > 1))
                specs.Add(new LineChart(key, comparison.Runs.Where(r => curves.ContainsKey(r.Info.Id))
                    .Select(r => new LineSeries(Label(r), curves[r.Info.Id].Select(p => (double)p.Step).ToList(), curves[r.Info.Id].Select(p => p.Value).ToList())).ToList(), "step", key));
        if (comparison.Metric is not { } metric) return specs;
        var target = new ChartDimension(metric, comparison.Runs.Select(r => comparison.Value(r, metric) ?? double.NaN).ToList());
        var (charted, _) = comparison.ParamSelection();
        if (charted.Count > 0)
            specs.Add(new ParallelCoordinatesChart($"params against {metric}", [.. charted.Select(k => Dimension(comparison, k)), target], target));
        foreach (var key in charted.Where(comparison.IsNumeric).Take(comparison.ChartParams is { Count: > 0 } ? int.MaxValue : RunComparison.MaxScatterParams))
            specs.Add(new ScatterChart($"{metric} by {key}", comparison.Runs.Select(r => Number(r.Params.GetValueOrDefault(key)) ?? double.NaN).ToList(),
                target.Values, comparison.Runs.Select(Label).ToList(), key, metric));
        return specs;
    }

    /// <summary>Which params the charts show and which they leave out, and how to choose.</summary>
    public static string ParamNote(RunComparison comparison)
    {
        if (comparison.Metric is null) return "";
        var (charted, leftOut) = comparison.ParamSelection();
        if (leftOut.Count == 0) return "";
        var shown = charted.Count == 0 ? "No params are charted" : $"Charted params: {string.Join(", ", charted)}" + (comparison.ChartParams is { Count: > 0 } ? "" : $" (most related to {comparison.Metric} first)");
        var names = string.Join(", ", leftOut.Take(8)) + (leftOut.Count > 8 ? $" and {leftOut.Count - 8} more" : "");
        return $"<p class=\"muted\">{Html.E(shown)}. Left out: {Html.E(names)} (varying, or not set in every run); choose with --params a,b.</p>";
    }

    private static string Table(RunComparison comparison)
    {
        var fields = comparison.ParamKeys.Select(k => (Label: $"params.{k}", Cell: (Func<RunDetails, string>)(r => Html.E(r.Params.GetValueOrDefault(k)))))
            .Concat(comparison.MetricKeys.Select(k => (Label: $"metrics.{k}", Cell: (Func<RunDetails, string>)(r => comparison.Value(r, k) is { } v ? Html.Number(v) : ""))))
            .Where(f => !comparison.DiffOnly || comparison.Runs.Select(f.Cell).Distinct().Count() > 1)
            .ToList();
        var note = comparison.DiffOnly ? "<p class=\"muted\">Only the params and metrics that differ between the runs.</p>" : "";
        if (comparison.Transpose)
        {
            var header = new List<string> { "" }.Concat(comparison.Runs.Select(r => r.Info.Name)).ToList();
            var rows = new List<IReadOnlyList<string>> { comparison.Runs.Select(r => Html.RunIdCell(r.Info.Id)).Prepend("run").ToList() };
            rows.AddRange(fields.Select(f => (IReadOnlyList<string>)comparison.Runs.Select(f.Cell).Prepend(Html.E(f.Label)).ToList()));
            return note + Html.Table(header, rows);
        }
        var head = new List<string> { "run", "name", "status" }.Concat(fields.Select(f => f.Label)).ToList();
        var body = comparison.Runs.Select(r => (IReadOnlyList<string>)new List<string> { Html.RunIdCell(r.Info.Id), Html.E(r.Info.Name), Html.Badge(r.Info.Status) }
            .Concat(fields.Select(f => f.Cell(r))).ToList());
        return note + Html.Table(head, body, Enumerable.Range(3, fields.Count).Where(i => fields[i - 3].Label.StartsWith("metrics.", StringComparison.Ordinal)).ToHashSet());
    }

    private static ChartDimension Dimension(RunComparison comparison, string key)
    {
        var values = comparison.Runs.Select(r => r.Params.GetValueOrDefault(key)).ToList();
        if (values.All(v => v is null || Number(v) is not null))
            return new ChartDimension(key, values.Select(v => Number(v) ?? double.NaN).ToList());
        var categories = values.OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList();
        return new ChartDimension(key, values.Select(v => v is null ? double.NaN : categories.IndexOf(v)).ToList(), categories);
    }

    private static double? Number(string? text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static string Label(RunDetails run) => $"{run.Info.Name} ({run.Info.Id.Short})";
}

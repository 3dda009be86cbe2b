using System.Net;

namespace Mlops.Charts;

/// <summary>
/// Self-contained HTML reports: one file with plotly.js inlined once, no network needed to open it. A report depends
/// only on what it shows (no generation time, ids by position), so the same store content gives byte-identical files.
/// </summary>
public static class Reports
{
    /// <summary>A run: params, metric curves and table, tags, environment, dataset versions used, artifacts, parent and children.</summary>
    public static string Run(RunDetails run, IReadOnlyDictionary<string, IReadOnlyList<MetricPoint>> curves) =>
        Page($"Run {run.Info.Name} ({run.Info.Id.Short})", RunViews.Card(run, curves, Charts()));

    /// <summary>Runs compared: the table and every comparison chart.</summary>
    public static string Comparison(RunComparison comparison, string? selection) =>
        Page($"Comparison of {comparison.Runs.Count} runs",
            (selection is null ? "" : Html.Wrap($"<p class=\"muted\">Runs where <code>{Html.E(selection)}</code></p>")) + ComparisonView.Render(comparison, Charts()));

    /// <summary>A run and its reproduction: the check, param by param and metric by metric, then the two runs compared.</summary>
    public static string Reproduction(RunComparison comparison, RunId originalId, IReadOnlyList<ReproductionRow> rows)
    {
        var original = comparison.Runs.Single(r => r.Info.Id == originalId).Info;
        var reproduction = comparison.Runs.Single(r => r.Info.Id != originalId).Info;
        var drifted = rows.Where(r => !r.Within).Select(r => r.Name).ToList();
        var verdict = drifted.Count == 0
            ? "<p>Reproduced: every param equal and every metric within tolerance.</p>"
            : $"<p class=\"failed\">Not reproduced: {Html.E(string.Join(", ", drifted))} differ beyond tolerance.</p>";
        var table = Html.Table(["", "original", "reproduction", "difference", "tolerance", "within"], rows.Select(r => (IReadOnlyList<string>)[
            $"{r.Kind} <code>{Html.E(r.Name)}</code>", Html.E(r.Original ?? "-"), Html.E(r.Reproduction ?? "-"),
            r.Difference is { } d ? Html.Number(d) : "", r.Tolerance is { } t ? Html.Number(t) : "", r.Kind == "timing" ? "(timing)" : r.Within ? "yes" : "<b>no</b>"]), new HashSet<int> { 1, 2, 3, 4 });
        return Page($"Reproduction of run {original.Name} ({original.Id.Short})",
            Html.Wrap($"<p class=\"muted\">Run {Html.RunIdCell(original.Id)} and its reproduction {Html.RunIdCell(reproduction.Id)}</p>{verdict}{table}")
            + ComparisonView.Render(comparison, Charts()));
    }

    /// <summary>An experiment: its runs as a table, and their comparison when there are two or more.</summary>
    public static string Experiment(string experiment, RunList runs, RunComparison? comparison) =>
        Page($"Experiment {experiment}", RunViews.Table(runs, $"Runs of {experiment}") + (comparison is null ? "" : ComparisonView.Render(comparison, Charts())));

    /// <summary>A model card: the version's signature, metrics, params, lineage and evaluation charts, with every version and decision of the model.</summary>
    public static string Model(ModelCard card) => Page($"Model {card.Version.Reference}", ModelViews.Card(card, Charts()));

    private static ChartContext Charts() => new("chart", () => false);

    private static string Page(string title, string body) => $$"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="generator" content="Mlops">
        <title>{{WebUtility.HtmlEncode(title)}}</title>
        <style>body { margin: 24px auto; max-width: 1180px; padding: 0 16px; }</style>
        {{PlotlyBundle.ScriptTag()}}
        </head>
        <body>
        <div class="mlops"><h2>{{WebUtility.HtmlEncode(title)}}</h2></div>
        {{body}}
        </body>
        </html>

        """;
}

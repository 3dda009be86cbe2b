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

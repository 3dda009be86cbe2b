using System.Text.RegularExpressions;

namespace Mlops.Charts.Tests;

/// <summary>A metric logged once is a value: never an empty plot.</summary>
public partial class SingleValueTests
{
    [Fact]
    public void A_series_of_one_point_is_drawn_as_a_marker()
    {
        var figure = PlotlyFigure.Of(new LineChart("auc", [new LineSeries("run a", [0], [0.91]), new LineSeries("run b", [0, 1, 2], [0.8, 0.85, 0.9])], "step", "auc"));
        var traces = figure["data"]!.AsArray();
        Assert.Equal("lines+markers", (string)traces[0]!["mode"]!);
        Assert.NotNull(traces[0]!["marker"]);
        Assert.Equal("lines", (string)traces[1]!["mode"]!);
    }

    [Fact]
    public void A_run_card_charts_only_the_metrics_with_a_curve_and_shows_single_values_in_its_table()
    {
        var run = new RunDetails(new RunInfo(RunId.New(), "Default", "fit", RunStatus.Finished, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, null, null, null),
            new Dictionary<string, string>(), new Dictionary<string, string>(),
            [Summary("log_loss", 0.3, 1), Summary("loss", 0.1, 50), Summary("training_seconds", 1.5, 1)], [], null, []);
        var curves = new Dictionary<string, IReadOnlyList<MetricPoint>>
        {
            ["log_loss"] = [new MetricPoint(0, 0.3, DateTimeOffset.UnixEpoch)],
            ["loss"] = [.. Enumerable.Range(0, 50).Select(i => new MetricPoint(i, 1.0 / (i + 1), DateTimeOffset.UnixEpoch))],
            ["training_seconds"] = [new MetricPoint(0, 1.5, DateTimeOffset.UnixEpoch)],
        };

        var card = RunViews.Card(run, curves, ChartContext.Standalone("t"));

        Assert.Single(ChartDivs().Matches(card));
        Assert.Contains("\"text\":\"loss\"", card);
        Assert.DoesNotContain("\"text\":\"log_loss\"", card);
        Assert.Contains("<td>training_seconds</td><td class=\"num\">1.5</td>", card);
    }

    private static MetricSummary Summary(string key, double latest, long count) => new(key, latest, count - 1, latest, latest, count, DateTimeOffset.UnixEpoch);

    [GeneratedRegex("<div id=\"[^\"]+\" class=\"mlops-chart")]
    private static partial Regex ChartDivs();
}

using System.Text.Json.Nodes;
using Mlops.Charts;
using PlotlyChart = Plotly.NET.CSharp.Chart;

namespace Mlops.Charts.Tests;

/// <summary>
/// The figure JSON of every chart type. Where Plotly.NET has the same chart, its own output is the oracle for the
/// trace fields that decide what plotly.js draws (type, mode, orientation, data arrays).
/// </summary>
public class FigureTests
{
    private static readonly double[] Xs = [0, 1, 2, 3];
    private static readonly double[] Ys = [0.9, 0.5, 0.31, 0.2];
    private static readonly string[] Keys = ["sdca", "lbfgs", "fasttree"];
    private static readonly double[] Values = [0.81, 0.86, 0.9];

    private static JsonObject Oracle(Plotly.NET.GenericChart chart) =>
        (JsonObject)JsonNode.Parse(Plotly.NET.GenericChart.toFigureJson(chart))!["data"]![0]!;

    private static void SameFields(JsonObject expected, JsonNode? actual, params string[] fields)
    {
        foreach (var field in fields)
            Assert.True(JsonNode.DeepEquals(expected[field], actual![field]), $"{field}: plotly.net {expected[field]?.ToJsonString()} vs ours {actual[field]?.ToJsonString()}");
    }

    [Fact]
    public void Line_charts_draw_one_line_trace_per_series_as_plotly_net_does()
    {
        var figure = PlotlyFigure.Of(new LineChart("loss", [new LineSeries("a", Xs, Ys), new LineSeries("b", Xs, [1, 0.7, 0.6, 0.55])], "step", "loss"));
        var traces = figure["data"]!.AsArray();
        Assert.Equal(2, traces.Count);
        SameFields(Oracle(PlotlyChart.Line<double, double, string>(x: Xs, y: Ys)), traces[0], "type", "mode", "x", "y");
        Assert.Equal("b", (string)traces[1]!["name"]!);
        Assert.NotEqual(traces[0]!["line"]!["color"]!.ToJsonString(), traces[1]!["line"]!["color"]!.ToJsonString());
        Assert.True((bool)figure["layout"]!["showlegend"]!);
        Assert.Equal("loss", (string)figure["layout"]!["title"]!["text"]!);
        Assert.Equal("step", (string)figure["layout"]!["xaxis"]!["title"]!["text"]!);
    }

    [Fact]
    public void Gaps_in_a_series_become_nulls_that_plotly_leaves_out()
    {
        var figure = PlotlyFigure.Of(new LineChart("loss", [new LineSeries("a", Xs, [1, double.NaN, double.PositiveInfinity, 0.5])], "step", "loss"));
        Assert.Equal("[1,null,null,0.5]", figure["data"]![0]!["y"]!.ToJsonString());
        Assert.False((bool)figure["layout"]!["showlegend"]!);
    }

    [Fact]
    public void Bar_charts_match_plotly_net_columns_and_bars()
    {
        var vertical = PlotlyFigure.Of(new BarChart("auc by trainer", Keys, [new ChartSeries("auc", Values)]));
        SameFields(Oracle(PlotlyChart.Column<double, string, string>(values: Values, Keys: Keys)), vertical["data"]![0], "type", "x", "y", "orientation");

        var horizontal = PlotlyFigure.Of(new BarChart("auc by trainer", Keys, [new ChartSeries("auc", Values)], Horizontal: true));
        SameFields(Oracle(PlotlyChart.Bar<double, string, string>(values: Values, Keys: Keys)), horizontal["data"]![0], "type", "x", "y", "orientation");

        var grouped = PlotlyFigure.Of(new BarChart("two", Keys, [new ChartSeries("v1", Values), new ChartSeries("v2", Values)]));
        Assert.Equal(2, grouped["data"]!.AsArray().Count);
        Assert.Equal("group", (string)grouped["layout"]!["barmode"]!);
    }

    [Fact]
    public void Scatter_charts_match_plotly_net_points_and_label_each_point()
    {
        var figure = PlotlyFigure.Of(new ScatterChart("auc by lr", Xs, Ys, ["r0", "r1", "r2", "r3"], "lr", "auc"));
        var trace = figure["data"]![0]!;
        SameFields(Oracle(PlotlyChart.Point<double, double, string>(x: Xs, y: Ys)), trace, "type", "mode", "x", "y");
        Assert.Equal("""["r0","r1","r2","r3"]""", trace["text"]!.ToJsonString());
        Assert.Contains("lr %{x}", (string)trace["hovertemplate"]!);
    }

    [Fact]
    public void Histograms_draw_bars_at_bin_centers_with_bin_widths()
    {
        var figure = PlotlyFigure.Of(new HistogramChart("price", [0, 10, 30], [4, 6], "price"));
        var trace = figure["data"]![0]!;
        Assert.Equal("bar", (string)trace["type"]!);
        Assert.Equal("[5,20]", trace["x"]!.ToJsonString());
        Assert.Equal("[4,6]", trace["y"]!.ToJsonString());
        Assert.Equal("[10,20]", trace["width"]!.ToJsonString());
        Assert.Equal("rows", (string)figure["layout"]!["yaxis"]!["title"]!["text"]!);
    }

    [Fact]
    public void Parallel_coordinates_name_category_ticks_and_color_lines_by_the_metric()
    {
        var auc = new ChartDimension("auc", [0.8, 0.9, double.NaN]);
        var figure = PlotlyFigure.Of(new ParallelCoordinatesChart("params against auc",
            [new ChartDimension("lr", [0.1, 0.01, 0.05]), new ChartDimension("trainer", [0, 1, 0], ["lbfgs", "sdca"]), auc], auc));
        var trace = figure["data"]![0]!;
        Assert.Equal("parcoords", (string)trace["type"]!);
        var dimensions = trace["dimensions"]!.AsArray();
        Assert.Equal(["lr", "trainer", "auc"], dimensions.Select(d => (string)d!["label"]!));
        Assert.Equal("[0,1]", dimensions[1]!["tickvals"]!.ToJsonString());
        Assert.Equal("""["lbfgs","sdca"]""", dimensions[1]!["ticktext"]!.ToJsonString());
        Assert.Null(dimensions[0]!["ticktext"]);
        Assert.Equal("[0.8,0.9,null]", trace["line"]!["color"]!.ToJsonString());
        Assert.Equal("auc", (string)trace["line"]!["colorbar"]!["title"]!["text"]!);
    }

    [Fact]
    public void Every_chart_type_has_a_rendering()
    {
        var samples = new ChartSpec[]
        {
            new BarChart("b", Keys, [new ChartSeries("s", Values)]),
            new HistogramChart("h", [0, 1], [1]),
            new LineChart("l", [new LineSeries("s", Xs, Ys)], "x", "y"),
            new ParallelCoordinatesChart("p", [new ChartDimension("d", Values)], new ChartDimension("d", Values)),
            new ScatterChart("s", Xs, Ys, ["a", "b", "c", "d"], "x", "y"),
            new HeatmapChart("m", ["a", "b"], ["a", "b"], [[1, 2], [3, 4]], "actual", "predicted"),
        };
        var kinds = typeof(ChartSpec).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(ChartSpec)) && !t.IsAbstract).ToHashSet();
        Assert.Equal(kinds, samples.Select(s => s.GetType()).ToHashSet());
        Assert.All(samples, s => Assert.NotEmpty(PlotlyFigure.Of(s)["data"]!.AsArray()));
    }

    [Fact]
    public void A_confusion_matrix_is_a_heatmap_with_actual_classes_down_from_the_top_and_each_count_written_in_its_cell()
    {
        var figure = PlotlyFigure.Of(new HeatmapChart("confusion matrix", ["cat", "dog"], ["cat", "dog"], [[40, 2], [5, 53]], "actual", "predicted"));
        var trace = figure["data"]![0]!;
        Assert.Equal("heatmap", (string?)trace["type"]);
        Assert.Equal([[40.0, 2.0], [5.0, 53.0]], trace["z"]!.AsArray().Select(r => r!.AsArray().Select(v => double.Parse(v!.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture)).ToArray()));
        Assert.Equal(["cat", "dog"], trace["y"]!.AsArray().Select(v => (string?)v));
        Assert.Equal("reversed", (string?)figure["layout"]!["yaxis"]!["autorange"]);
        var cells = figure["layout"]!["annotations"]!.AsArray();
        Assert.Equal(4, cells.Count);
        Assert.Equal(("dog", "cat", "5"), ((string?)cells[2]!["y"], (string?)cells[2]!["x"], (string?)cells[2]!["text"]));
        Assert.Equal("white", (string?)cells[3]!["font"]!["color"]);
        Assert.Equal("#333", (string?)cells[1]!["font"]!["color"]);
    }

    [Fact]
    public void Chart_html_is_deterministic_and_text_cannot_close_its_script()
    {
        var chart = new LineChart("</script><script>alert(1)</script>", [new LineSeries("a", Xs, Ys)], "x", "y");
        var html = ChartHtml.Render([chart, chart], "report", includeBundle: false);
        Assert.Equal(html, ChartHtml.Render([chart, chart], "report", includeBundle: false));
        Assert.DoesNotContain("</script><script>alert", html);
        Assert.Contains("id=\"report-0\"", html);
        Assert.Contains("id=\"report-1\"", html);
        Assert.DoesNotContain("window.Plotly === 'undefined'", html);
        Assert.Equal("", ChartHtml.Render([], "x", includeBundle: true));
    }

    [Fact]
    public void The_bundle_is_plotly_js_wrapped_so_amd_loaders_do_not_swallow_it()
    {
        var tag = PlotlyBundle.ScriptTag();
        Assert.Contains("plotly.js v" + PlotlyBundle.Version, PlotlyBundle.JavaScript[..500]);
        Assert.True(PlotlyBundle.JavaScript.Length > 3_000_000);
        Assert.StartsWith("<script type=\"text/javascript\">if (typeof window.Plotly === 'undefined') { (function (define, exports, module) {", tag);
        Assert.EndsWith("}).call(window); }</script>", tag);
    }

    [Fact]
    public void Values_are_shown_to_seven_digits_and_whole_numbers_exactly()
    {
        var figure = PlotlyFigure.Of(new LineChart("v", [new LineSeries("a", [0, 123_456_789_012, 3], [0.123456789012, 1e-12 / 3, -98765.4321])], "step", "v"));
        Assert.Equal("[0,123456789012,3]", figure["data"]![0]!["x"]!.ToJsonString());
        Assert.Equal("[0.1234568,3.333333E-13,-98765.43]", figure["data"]![0]!["y"]!.ToJsonString());
    }
}

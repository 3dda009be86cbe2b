using System.Globalization;
using System.Text.Json.Nodes;

namespace Mlops.Charts;

/// <summary>Turns chart specs into plotly figures (<c>{data, layout}</c>). Pure functions: the same spec gives the same JSON.</summary>
public static class PlotlyFigure
{
    private static readonly string[] Palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

    /// <summary>The figure for a chart.</summary>
    public static JsonObject Of(ChartSpec chart) => chart switch
    {
        BarChart bar => Bar(bar),
        HistogramChart histogram => Histogram(histogram),
        LineChart line => Line(line),
        ParallelCoordinatesChart parallel => Parallel(parallel),
        ScatterChart scatter => Scatter(scatter),
        HeatmapChart heatmap => Heatmap(heatmap),
        _ => throw new ArgumentException($"no plotly rendering for {chart.GetType().Name}"),
    };

    private static JsonObject Bar(BarChart chart)
    {
        var traces = chart.Series.Select((s, i) => new JsonObject
        {
            ["type"] = "bar",
            ["name"] = s.Name,
            [chart.Horizontal ? "y" : "x"] = Strings(chart.Categories),
            [chart.Horizontal ? "x" : "y"] = Numbers(s.Values),
            ["orientation"] = chart.Horizontal ? "h" : "v",
            ["marker"] = new JsonObject { ["color"] = Palette[i % Palette.Length] },
        });
        return Figure(traces, Layout(chart.Title, chart.XTitle, chart.YTitle, legend: chart.Series.Count > 1, barmode: "group"));
    }

    private static JsonObject Histogram(HistogramChart chart)
    {
        var centers = Enumerable.Range(0, chart.Counts.Count).Select(i => (chart.Edges[i] + chart.Edges[i + 1]) / 2).ToList();
        var widths = Enumerable.Range(0, chart.Counts.Count).Select(i => chart.Edges[i + 1] - chart.Edges[i]).ToList();
        var trace = new JsonObject
        {
            ["type"] = "bar",
            ["x"] = Numbers(centers),
            ["y"] = Numbers(chart.Counts.Select(c => (double)c).ToList()),
            ["width"] = Numbers(widths),
            ["marker"] = new JsonObject { ["color"] = Palette[0], ["line"] = new JsonObject { ["width"] = 0.5, ["color"] = "white" } },
            ["hovertemplate"] = "%{x}: %{y}<extra></extra>",
        };
        return Figure([trace], Layout(chart.Title, chart.XTitle, "rows", legend: false, barmode: null));
    }

    private static JsonObject Line(LineChart chart)
    {
        var traces = chart.Series.Select((s, i) =>
        {
            var color = Palette[i % Palette.Length];
            var trace = new JsonObject
            {
                ["type"] = "scatter",
                // a line through one point draws nothing: a lone point is a marker
                ["mode"] = s.X.Count < 2 ? "lines+markers" : s.Style switch { LineStyle.Step => "lines+markers", LineStyle.Markers => "markers", _ => "lines" },
                ["name"] = s.Name,
                ["x"] = Numbers(s.X),
                ["y"] = Numbers(s.Y),
            };
            if (s.Style != LineStyle.Markers)
                trace["line"] = s.Style == LineStyle.Step
                    ? new JsonObject { ["color"] = color, ["width"] = 2, ["shape"] = "hv" }
                    : new JsonObject { ["color"] = color, ["width"] = 1.5 };
            if (s.Style != LineStyle.Line || s.X.Count < 2)
                trace["marker"] = new JsonObject { ["color"] = color, ["size"] = s.Style == LineStyle.Markers ? 11 : 7, ["symbol"] = s.Style == LineStyle.Markers ? "x" : "circle" };
            return trace;
        });
        var layout = Layout(chart.Title, chart.XTitle, chart.YTitle, legend: chart.Series.Count > 1, barmode: null);
        if (chart.WholeNumbers)
        {
            layout["xaxis"]!["dtick"] = 1;
            layout["yaxis"]!["dtick"] = 1;
        }
        return Figure(traces, layout);
    }

    private static JsonObject Parallel(ParallelCoordinatesChart chart)
    {
        var trace = new JsonObject
        {
            ["type"] = "parcoords",
            ["line"] = new JsonObject
            {
                ["color"] = Numbers(chart.ColorBy.Values),
                ["colorscale"] = "Viridis",
                ["showscale"] = true,
                // clear of the last axis's tick labels
                ["colorbar"] = new JsonObject { ["title"] = new JsonObject { ["text"] = chart.ColorBy.Label }, ["x"] = 1.1, ["xanchor"] = "left", ["thickness"] = 14 },
            },
            ["dimensions"] = new JsonArray(chart.Dimensions.Select(Dimension).Cast<JsonNode>().ToArray()),
        };
        var layout = Layout(chart.Title, null, null, legend: false, barmode: null);
        layout["height"] = 380;
        // axis labels sit above the axes: room for them under the title
        layout["margin"] = new JsonObject { ["l"] = 70, ["r"] = 130, ["t"] = 90, ["b"] = 30 };
        return Figure([trace], layout);
    }

    private static JsonObject Dimension(ChartDimension dimension)
    {
        var json = new JsonObject { ["label"] = dimension.Label, ["values"] = Numbers(dimension.Values) };
        if (dimension.Categories is { } categories)
        {
            json["tickvals"] = Numbers(Enumerable.Range(0, categories.Count).Select(i => (double)i).ToList());
            json["ticktext"] = Strings(categories);
        }
        return json;
    }

    private static JsonObject Scatter(ScatterChart chart)
    {
        var trace = new JsonObject
        {
            ["type"] = "scatter",
            ["mode"] = "markers",
            ["x"] = Numbers(chart.X),
            ["y"] = Numbers(chart.Y),
            ["text"] = Strings(chart.Labels),
            ["marker"] = new JsonObject { ["color"] = Palette[0], ["size"] = 8 },
            ["hovertemplate"] = "%{text}<br>" + chart.XTitle + " %{x}<br>" + chart.YTitle + " %{y}<extra></extra>",
        };
        return Figure([trace], Layout(chart.Title, chart.XTitle, chart.YTitle, legend: false, barmode: null));
    }

    private static JsonObject Heatmap(HeatmapChart chart)
    {
        var trace = new JsonObject
        {
            ["type"] = "heatmap",
            ["x"] = Strings(chart.Columns),
            ["y"] = Strings(chart.Rows),
            ["z"] = new JsonArray(chart.Values.Select(row => (JsonNode?)Numbers(row)).ToArray()),
            // light for few, dark for many (plotly's named "Blues" runs the other way)
            ["colorscale"] = new JsonArray(new JsonArray(0, "#f7fbff"), new JsonArray(0.5, "#6baed6"), new JsonArray(1, "#08306b")),
            ["showscale"] = false,
            ["hovertemplate"] = chart.RowTitle + " %{y}, " + chart.ColumnTitle + " %{x}: %{z}<extra></extra>",
        };
        var layout = Layout(chart.Title, chart.ColumnTitle, chart.RowTitle, legend: false, barmode: null);
        layout["yaxis"]!["autorange"] = "reversed";
        layout["xaxis"]!["type"] = "category";
        layout["yaxis"]!["type"] = "category";
        // the count in each cell, readable on light and dark cells
        var max = chart.Values.SelectMany(r => r).DefaultIfEmpty(0).Max();
        layout["annotations"] = new JsonArray(chart.Values.SelectMany((row, i) => row.Select((value, j) => (JsonNode?)new JsonObject
        {
            ["x"] = chart.Columns[j],
            ["y"] = chart.Rows[i],
            ["text"] = value.ToString("0.###", CultureInfo.InvariantCulture),
            ["showarrow"] = false,
            ["font"] = new JsonObject { ["color"] = value > max / 2 ? "white" : "#333" },
        })).ToArray());
        return Figure([trace], layout);
    }

    private static JsonObject Figure(IEnumerable<JsonObject> traces, JsonObject layout) =>
        new() { ["data"] = new JsonArray(traces.Cast<JsonNode>().ToArray()), ["layout"] = layout };

    private static JsonObject Layout(string title, string? xTitle, string? yTitle, bool legend, string? barmode)
    {
        var layout = new JsonObject
        {
            // left-aligned, clear of the mode bar that plotly shows at the top right
            ["title"] = new JsonObject { ["text"] = title, ["x"] = 0.01, ["xanchor"] = "left", ["font"] = new JsonObject { ["size"] = 14 } },
            ["height"] = 300,
            ["margin"] = new JsonObject { ["l"] = 60, ["r"] = 20, ["t"] = 40, ["b"] = 50 },
            ["showlegend"] = legend,
            ["xaxis"] = new JsonObject { ["title"] = new JsonObject { ["text"] = xTitle ?? "" }, ["automargin"] = true },
            ["yaxis"] = new JsonObject { ["title"] = new JsonObject { ["text"] = yTitle ?? "" }, ["automargin"] = true },
            ["paper_bgcolor"] = "rgba(0,0,0,0)",
            ["plot_bgcolor"] = "rgba(0,0,0,0)",
            ["font"] = new JsonObject { ["family"] = "-apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif", ["size"] = 12, ["color"] = "#777" },
        };
        if (barmode is not null) layout["barmode"] = barmode;
        return layout;
    }

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());

    // JSON has no NaN or infinity: plotly leaves a gap for null
    private static JsonArray Numbers(IEnumerable<double> values) => new(values.Select(Number).ToArray());

    /// <summary>
    /// A value for display: whole numbers (steps, counts) exactly, others to 7 significant digits, which no chart can
    /// tell apart and which keeps long curves about half the size of full precision.
    /// </summary>
    private static JsonNode? Number(double value)
    {
        if (!double.IsFinite(value)) return null;
        if (value == Math.Floor(value) && Math.Abs(value) < 1e15) return JsonValue.Create((long)value);
        return JsonValue.Create(double.Parse(value.ToString("G7", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));
    }
}

using System.Net;
using System.Text.Json.Nodes;

namespace Mlops.Charts;

/// <summary>
/// Charts as HTML: a div per chart and a script that draws it once <c>window.Plotly</c> exists. The library itself is
/// included only where asked (<see cref="PlotlyBundle.ScriptTag"/>); elsewhere the script waits for it, so one copy
/// per page or notebook serves every chart.
/// </summary>
public static class ChartHtml
{
    /// <summary>The charts as HTML. <paramref name="idPrefix"/> makes element ids unique on the page; the same inputs give the same text.</summary>
    public static string Render(IEnumerable<ChartSpec> charts, string idPrefix, bool includeBundle)
    {
        var parts = charts.Select((chart, i) => Chart(PlotlyFigure.Of(chart), $"{idPrefix}-{i}")).ToList();
        if (parts.Count == 0) return "";
        return (includeBundle ? PlotlyBundle.ScriptTag() : "") + "<div class=\"mlops-charts\">" + string.Concat(parts) + "</div>";
    }

    private static string Chart(JsonObject figure, string id)
    {
        var json = figure.ToJsonString().Replace("</", "<\\/");
        var safeId = WebUtility.HtmlEncode(id);
        var height = (int?)figure["layout"]?["height"] ?? 300;
        // a chart with a legend (several series) takes the full width; others sit side by side in a grid
        var wide = (bool?)figure["layout"]?["showlegend"] == true;
        return $"<div id=\"{safeId}\" class=\"mlops-chart{(wide ? " wide" : "")}\" style=\"width:100%;min-width:320px;max-width:{(wide ? 900 : 600)}px;height:{height}px\"></div>"
               + "<script type=\"text/javascript\">(function () {"
               + $"var fig = {json}; var el = document.getElementById('{safeId}'); var waited = 0;"
               + "function draw() { if (window.Plotly) { window.Plotly.newPlot(el, fig.data, fig.layout, {responsive: true, displaylogo: false}); return; }"
               + " if ((waited += 100) > 60000) { el.textContent = 'plotly.js was not found: it comes with the first chart of this page or notebook.'; return; }"
               + " setTimeout(draw, 100); } draw(); })();</script>";
    }
}

using System.Text.Json;
using Mlops.Charts;

namespace Mlops.Notebooks.Tests;

/// <summary>
/// The views under Jupyter's own CSS, as nbconvert's HTML pages and JupyterLab apply it to every output (its table
/// rules, verbatim from JupyterLab's rendermime base.css): cells stay left-aligned, tables unstretched.
/// </summary>
public class JupyterStylingTests
{
    private const string JupyterTableRules = """
        .jp-RenderedHTMLCommon table { border-collapse: collapse; border-spacing: 0; border: none; font-size: 13px; table-layout: fixed;
            margin-left: auto; margin-bottom: 1em; margin-right: auto; }
        .jp-RenderedHTMLCommon thead { border-bottom: 1px solid #ccc; vertical-align: bottom; }
        .jp-RenderedHTMLCommon td, .jp-RenderedHTMLCommon th, .jp-RenderedHTMLCommon tr { vertical-align: middle; padding: 0.5em; line-height: normal;
            white-space: normal; max-width: none; border: none; }
        :not(.jp-RenderedMarkdown).jp-RenderedHTMLCommon td, :not(.jp-RenderedMarkdown).jp-RenderedHTMLCommon th,
        :not(.jp-RenderedMarkdown).jp-RenderedHTMLCommon tr { text-align: right; }
        .jp-RenderedHTMLCommon th { font-weight: bold; }
        .jp-RenderedHTMLCommon tbody tr:nth-child(odd) { background: #f5f5f5; }
        .jp-RenderedHTMLCommon tbody tr:hover { background: rgba(66, 165, 245, 0.2); }
        """;

    [Fact]
    public async Task Tables_keep_their_alignment_and_width_under_Jupyters_output_css()
    {
        var folder = Directory.CreateTempSubdirectory("mlops-jupyter-css-").FullName;
        var versions = new List<DatasetVersion>
        {
            new("houses", 2, new string('b', 64), [new("id", "BIGINT"), new("price", "DOUBLE")], 1000, 10, 5, 3, "second", "ana", DateTimeOffset.UnixEpoch, "houses.csv", []),
            new("houses", 1, new string('a', 64), [new("id", "BIGINT"), new("price", "DOUBLE")], 995, 995, 0, null, "first", "ana", DateTimeOffset.UnixEpoch, "houses.csv", []),
        };
        var view = DatasetViews.Log(versions, ["id"]);
        var page = Path.Combine(folder, "nbconvert-style.html");
        await File.WriteAllTextAsync(page, $$"""
            <!DOCTYPE html><html><head><style>{{JupyterTableRules}}</style></head><body style="width:1200px">
            <div class="jp-OutputArea-output jp-RenderedHTMLCommon jp-RenderedHTML" data-mime-type="text/html">{{view}}</div>
            <pre id="probe"></pre>
            <script>
              const table = document.querySelector('.mlops table');
              const first = table.querySelector('tbody td');
              const numeric = table.querySelector('tbody td.num');
              const row = table.querySelector('tbody tr');
              document.getElementById('probe').textContent = JSON.stringify({
                text: getComputedStyle(first).textAlign, number: numeric ? getComputedStyle(numeric).textAlign : 'none',
                marginLeft: getComputedStyle(table).marginLeft, layout: getComputedStyle(table).tableLayout,
                width: table.getBoundingClientRect().width, page: document.body.getBoundingClientRect().width,
                stripe: getComputedStyle(row).backgroundColor });
            </script></body></html>
            """);

        var dom = await HeadlessChromium.DomAsync(page);
        Directory.Delete(folder, recursive: true);

        var json = dom[(dom.IndexOf("<pre id=\"probe\">", StringComparison.Ordinal) + 16)..];
        var probe = JsonDocument.Parse(System.Net.WebUtility.HtmlDecode(json[..json.IndexOf("</pre>", StringComparison.Ordinal)])).RootElement;
        Assert.Equal("left", probe.GetProperty("text").GetString());
        Assert.Equal("right", probe.GetProperty("number").GetString());
        Assert.Equal("0px", probe.GetProperty("marginLeft").GetString());
        Assert.Equal("auto", probe.GetProperty("layout").GetString());
        Assert.True(probe.GetProperty("width").GetDouble() < probe.GetProperty("page").GetDouble() * 0.9, $"the table is stretched: {probe}");
        Assert.Equal("rgba(0, 0, 0, 0)", probe.GetProperty("stripe").GetString());
    }
}

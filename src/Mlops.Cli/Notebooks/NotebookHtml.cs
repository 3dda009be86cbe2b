using System.Net;
using System.Reflection;
using Markdig;
using Mlops.Charts;

namespace Mlops.Cli.Notebooks;

/// <summary>An executed notebook as one self-contained HTML page: markdown rendered, code, and each cell's richest output.</summary>
internal static class NotebookHtml
{
    // richest first; the first one a bundle has is shown
    private static readonly string[] MimePreference = ["text/html", "image/svg+xml", "image/png", "image/jpeg", "text/markdown", "application/json", "text/plain"];

    private static readonly MarkdownPipeline Markdown = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();

    private static readonly Lazy<string> Css = new(() =>
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Mlops.Cli.notebook.css")!;
        return new StreamReader(stream).ReadToEnd();
    });

    public static void Write(NotebookDocument notebook, NotebookRunResult result, string path)
    {
        var name = Path.GetFileName(notebook.Path);
        // a run that stopped at its failing cell ran no cell after it; one that allowed errors ran every cell
        var status = result.Succeeded ? "all cells succeeded"
            : result.Failures.Count == 1 && result.FailedCell == LastRun(notebook) && LastRun(notebook) < LastCode(notebook)
                ? $"<span class=\"failed\">stopped at cell {result.FailedCell}</span>"
                : $"<span class=\"failed\">{Failed(result)}</span>";
        var parameters = notebook.Parameters is { Count: > 0 } given
            ? "<p class=\"parameters\">Parameters: " + string.Join(", ", given.Select(p => $"<code>{E(p.Key)} = {E(p.Value?.ToJsonString() ?? "null")}</code>")) + "</p>"
            : "";
        // charts render with the same renderer as reports: plotly.js once, in the head, and out of the outputs that carried it
        var bundle = PlotlyBundle.ScriptTag();
        var cells = string.Concat(notebook.Cells.Select(Cell));
        var hasCharts = cells.Contains("class=\"mlops-chart", StringComparison.Ordinal) || cells.Contains(bundle, StringComparison.Ordinal);
        cells = cells.Replace(bundle, "");
        var html = $"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{E(name)}</title><style>{Css.Value}</style>{(hasCharts ? bundle : "")}</head>
            <body><header><h1>{E(name)}</h1><p>Executed {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm}Z in {result.Elapsed.TotalSeconds:0.0} s with dotnet-interactive; {status}.</p>{parameters}</header>
            {cells}
            </body></html>
            """;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, html);
    }

    private static string Failed(NotebookRunResult result) => result.Failures.Count == 1
        ? $"cell {result.FailedCell} failed"
        : $"{result.Failures.Count} cells failed: {string.Join(", ", result.Failures.Select(f => f.Cell))}";

    private static int LastRun(NotebookDocument notebook) => notebook.Cells.ToList().FindLastIndex(c => c.ExecutionCount is not null) + 1;

    private static int LastCode(NotebookDocument notebook) => notebook.Cells.ToList().FindLastIndex(c => !c.IsMarkdown && !string.IsNullOrWhiteSpace(c.Source)) + 1;

    private static string Cell(NotebookCell cell)
    {
        if (cell.IsMarkdown)
            return $"<section class=\"cell markdown\"><div class=\"body\">{Markdig.Markdown.ToHtml(cell.Source, Markdown)}</div></section>\n";
        var prompt = cell.ExecutionCount is { } n ? $"[{n}]" : "[ ]";
        var kernel = cell.Kernel == "csharp" ? "" : $"<div class=\"kernel\">{E(cell.Kernel)}</div>";
        var outputs = string.Concat(cell.Outputs.Select(Output));
        return $"<section class=\"cell code\"><div class=\"prompt\">{prompt}</div><div>{kernel}<pre class=\"source\"><code>{E(cell.Source)}</code></pre></div>"
               + $"<div></div><div class=\"outputs\">{outputs}</div></section>\n";
    }

    private static string Output(CellOutput output) => output switch
    {
        StreamOutput s => $"<div class=\"output {s.Name}\"><pre>{E(s.Text)}</pre></div>",
        ErrorOutput e => $"<div class=\"output error\"><pre>{E(string.Join('\n', e.Traceback.Count > 0 ? e.Traceback : [e.Message]))}</pre></div>",
        DisplayOutput d => $"<div class=\"output\">{Display(d.Data)}</div>",
        _ => "",
    };

    private static string Display(IReadOnlyDictionary<string, string> data)
    {
        var mime = MimePreference.FirstOrDefault(data.ContainsKey) ?? data.Keys.First();
        var value = data[mime];
        return mime switch
        {
            "text/html" or "image/svg+xml" => value,
            "image/png" or "image/jpeg" => $"<img src=\"data:{mime};base64,{value.Trim()}\">",
            "text/markdown" => Markdig.Markdown.ToHtml(value, Markdown),
            _ => $"<pre>{E(value)}</pre>",
        };
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}

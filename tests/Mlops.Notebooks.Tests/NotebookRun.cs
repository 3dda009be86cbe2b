using System.Text.Json.Nodes;
using Mlops.Cli.Notebooks;

namespace Mlops.Notebooks.Tests;

/// <summary>One notebook executed in the real kernel, with what it wrote.</summary>
internal sealed class NotebookRun : IDisposable
{
    private NotebookRun(string folder, NotebookDocument document, NotebookRunResult result, string progress)
    {
        Folder = folder;
        Document = document;
        Result = result;
        Progress = progress;
    }

    public string Folder { get; }

    public NotebookDocument Document { get; }

    public NotebookRunResult Result { get; }

    public string Progress { get; }

    /// <summary>The store the notebook ran against: a folder of its own, or the location given.</summary>
    public string Store { get; private init; } = "";

    public string ExecutedPath => Path.Combine(Folder, "executed.ipynb");

    public string HtmlPath => Path.Combine(Folder, "executed.html");

    public static async Task<NotebookRun> ExecuteAsync(KernelSandbox sandbox, string notebookPath, string? store = null)
    {
        var folder = Path.Combine(sandbox.Root, "run-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        store ??= Path.Combine(folder, "store");
        var document = NotebookDocument.Load(notebookPath);
        var progress = new StringWriter();
        var result = await new NotebookRunner(sandbox.Options(store), progress).RunAsync(document);
        var run = new NotebookRun(folder, document, result, progress.ToString()) { Store = store };
        IpynbWriter.Write(document, run.ExecutedPath);
        NotebookHtml.Write(document, result, run.HtmlPath);
        return run;
    }

    public void ShouldSucceed() =>
        Assert.True(Result.Succeeded, $"cell {Result.FailedCell} failed: {Result.Error}\n{Progress}");

    /// <summary>All text/html and text/plain output of the code cell whose source contains <paramref name="sourcePart"/>.</summary>
    public string OutputOf(string sourcePart)
    {
        var cell = Document.Cells.Single(c => !c.IsMarkdown && c.Source.Contains(sourcePart, StringComparison.Ordinal));
        return string.Join("\n", cell.Outputs.Select(o => o switch
        {
            DisplayOutput d => string.Join("\n", d.Data.Values),
            StreamOutput s => s.Text,
            ErrorOutput e => e.Message,
            _ => "",
        }));
    }

    public JsonObject Executed() => (JsonObject)JsonNode.Parse(File.ReadAllText(ExecutedPath))!;

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}

using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Mlops.Cli.Notebooks;

/// <summary>
/// Runs a notebook top to bottom in the real dotnet-interactive kernel, records each cell's outputs as nbformat
/// outputs, prints per-cell progress and time, and stops at the first failing cell (as nbconvert does) unless errors are
/// allowed. With provenance in its environment, tells the kernel before each cell which cell of the notebook runs.
/// </summary>
internal sealed class NotebookRunner(NotebookRunOptions options, TextWriter progress)
{
    public async Task<NotebookRunResult> RunAsync(NotebookDocument notebook, CancellationToken cancel = default)
    {
        var clock = Stopwatch.StartNew();
        var folder = Path.GetDirectoryName(notebook.Path)!;
        var code = notebook.Cells.Count(c => !c.IsMarkdown);
        progress.WriteLine($"Running {Path.GetFileName(notebook.Path)}: {code} code cells, kernel starting ...");
        var launch = KernelLocator.Locate(folder, progress);
        await using var kernel = await KernelClient.StartAsync(launch, folder, options.Environment, cancel);
        foreach (var source in options.NuGetSources)
        {
            var full = source.Contains("://", StringComparison.Ordinal) ? source : Path.GetFullPath(source);
            var events = await kernel.SubmitAsync($"#i \"nuget: {full}\"", "csharp", options.CellTimeout, cancel);
            if (Failure(events) is { } failure) throw new NotebookException($"could not add the NuGet source {full}: {failure}");
        }

        var executed = 0;
        var failures = new List<CellFailure>();
        var provenance = options.Environment.ContainsKey(NotebookProvenance.PathVariable);
        for (var index = 0; index < notebook.Cells.Count; index++)
        {
            var cell = notebook.Cells[index];
            if (cell.IsMarkdown || string.IsNullOrWhiteSpace(cell.Source)) continue;
            cell.ExecutionCount = ++executed;
            var cellClock = Stopwatch.StartNew();
            string? error;
            try
            {
                // runs started by this cell record its position in the notebook as written
                if (provenance)
                    await kernel.SubmitAsync($"System.Environment.SetEnvironmentVariable(\"{NotebookProvenance.CellVariable}\", \"{cell.SourceIndex}\");",
                        "csharp", options.CellTimeout, cancel);
                var events = await kernel.SubmitAsync(cell.Source, cell.Kernel, options.CellTimeout, cancel);
                Record(cell, events);
                error = Failure(events);
            }
            catch (NotebookException e)
            {
                error = e.Message;
                cell.Outputs.Add(new ErrorOutput("KernelError", e.Message, []));
            }
            cell.Elapsed = cellClock.Elapsed;
            progress.WriteLine($"  [{executed,2}/{code}] cell {index + 1,-3} {cell.Kernel,-8} {cellClock.Elapsed.TotalSeconds,6:0.00}s  {(error is null ? "ok" : "FAILED")}");
            if (error is null) continue;
            progress.WriteLine($"Cell {index + 1} failed: {error.Split('\n')[0].Trim()}");
            failures.Add(new CellFailure(index + 1, error));
            if (!options.AllowErrors) return new NotebookRunResult(failures, clock.Elapsed);
        }
        progress.WriteLine(failures.Count == 0
            ? $"Done: {code} cells in {clock.Elapsed.TotalSeconds:0.0}s."
            : $"Done: {code} cells in {clock.Elapsed.TotalSeconds:0.0}s; {failures.Count} failed: cell {string.Join(", ", failures.Select(f => f.Cell))}.");
        return new NotebookRunResult(failures, clock.Elapsed);
    }

    private static string? Failure(IReadOnlyList<JsonObject> events) =>
        events.LastOrDefault(e => (string?)e["eventType"] == "CommandFailed")?["event"]?["message"]?.GetValue<string>() is { } message
            ? message : null;

    private static void Record(NotebookCell cell, IReadOnlyList<JsonObject> events)
    {
        foreach (var envelope in events)
        {
            var type = (string?)envelope["eventType"];
            var e = envelope["event"] as JsonObject ?? new JsonObject();
            switch (type)
            {
                case "DisplayedValueProduced" or "ReturnValueProduced":
                    if (Bundle(e) is { Count: > 0 } data)
                        cell.Outputs.Add(new DisplayOutput(data, (string?)e["valueId"], type == "ReturnValueProduced"));
                    break;
                case "DisplayedValueUpdated":
                    var id = (string?)e["valueId"];
                    var at = cell.Outputs.FindIndex(o => o is DisplayOutput d && d.ValueId == id && id is not null);
                    if (Bundle(e) is { Count: > 0 } updated)
                    {
                        if (at >= 0) cell.Outputs[at] = new DisplayOutput(updated, id, false);
                        else cell.Outputs.Add(new DisplayOutput(updated, id, false));
                    }
                    break;
                case "StandardOutputValueProduced" or "StandardErrorValueProduced":
                    var text = string.Concat(Values(e).Select(v => v.Value));
                    var name = type == "StandardOutputValueProduced" ? "stdout" : "stderr";
                    if (cell.Outputs.Count > 0 && cell.Outputs[^1] is StreamOutput last && last.Name == name)
                        cell.Outputs[^1] = last with { Text = last.Text + text };
                    else cell.Outputs.Add(new StreamOutput(name, text));
                    break;
                case "ErrorProduced":
                    cell.Outputs.Add(new ErrorOutput("Error", (string?)e["message"] ?? "", []));
                    break;
                case "CommandFailed" when IsRootCommand(envelope):
                    var message = (string?)e["message"] ?? "the cell failed";
                    cell.Outputs.Add(new ErrorOutput("Error", message.Split('\n')[0], message.Split('\n')));
                    break;
            }
        }
    }

    // child commands (the extension's own submissions) carry the cell's token plus ".n"
    private static bool IsRootCommand(JsonObject envelope) => (string?)envelope["command"]?["token"] is { } token && !token.Contains('.');

    private static IEnumerable<(string Mime, string Value)> Values(JsonObject e) =>
        (e["formattedValues"] as JsonArray ?? [])
        .OfType<JsonObject>()
        .Where(v => (bool?)v["suppressDisplay"] != true)
        .Select(v => ((string?)v["mimeType"] ?? "text/plain", (string?)v["value"] ?? ""));

    private static Dictionary<string, string> Bundle(JsonObject e) =>
        Values(e).GroupBy(v => v.Mime).ToDictionary(g => g.Key, g => g.Last().Value);
}

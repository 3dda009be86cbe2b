using System.CommandLine;
using Mlops.Cli.Notebooks;

namespace Mlops.Cli.Commands;

/// <summary><c>mlops notebook run</c>: execute a notebook headless in the real kernel.</summary>
internal static class NotebookCommands
{
    public static Command Create()
    {
        var notebook = new Argument<string>("notebook") { Description = "the .ipynb or .dib file to run" };
        var output = new Option<string?>("--out") { Description = "executed notebook to write (default: <name>.executed.ipynb here)" };
        var html = new Option<string?>("--html") { Description = "self-contained HTML rendering to write (default: <name>.html here)" };
        var sources = new Option<string[]>("--nuget-source")
        {
            Description = "a NuGet feed (folder or URL) added before the first cell, e.g. artifacts/packages for a local build; repeatable",
            AllowMultipleArgumentsPerToken = false,
        };
        var timeout = new Option<int>("--cell-timeout") { Description = "seconds one cell may run", DefaultValueFactory = _ => 600 };
        var run = new Command("run", "Run a notebook top to bottom in the dotnet-interactive kernel; write the executed notebook and an HTML page")
        {
            notebook, output, html, sources, timeout,
        };
        run.SetAction(async (parse, cancel) =>
        {
            if (parse.GetValue(timeout) < 1) throw new NotebookException($"--cell-timeout must be at least 1 second (got {parse.GetValue(timeout)}).");
            var document = NotebookDocument.Load(parse.GetValue(notebook)!);
            var name = Path.GetFileNameWithoutExtension(document.Path);
            var options = NotebookRunOptions.Default with
            {
                NuGetSources = parse.GetValue(sources) ?? [],
                CellTimeout = TimeSpan.FromSeconds(parse.GetValue(timeout)),
            };
            var result = await new NotebookRunner(options, Console.Out).RunAsync(document, cancel);
            var outPath = parse.GetValue(output) ?? $"{name}.executed.ipynb";
            var htmlPath = parse.GetValue(html) ?? $"{name}.html";
            IpynbWriter.Write(document, outPath);
            NotebookHtml.Write(document, result, htmlPath);
            Console.WriteLine($"Wrote {Path.GetFullPath(outPath)}");
            Console.WriteLine($"Wrote {Path.GetFullPath(htmlPath)}");
            if (!result.Succeeded) Console.Error.WriteLine($"mlops: cell {result.FailedCell} of {Path.GetFileName(document.Path)} failed: {result.Error}");
            return result.Succeeded ? 0 : 1;
        });
        return new Command("notebook", "Run notebooks headless") { run };
    }
}

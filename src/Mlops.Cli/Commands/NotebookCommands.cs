using System.CommandLine;
using Mlops.Cli.Notebooks;

namespace Mlops.Cli.Commands;

/// <summary><c>mlops notebook run|reproduce</c>: execute a notebook headless in the real kernel, with parameters and provenance.</summary>
internal static class NotebookCommands
{
    public static Command Create(Option<string?> store) => new("notebook", "Run notebooks headless, with parameters, and reproduce their runs") { Run(store), Reproduce(store) };

    private static Option<string[]> Sources() => new("--nuget-source")
    {
        Description = "a NuGet feed (folder or URL) added before the first cell, e.g. artifacts/packages for a local build; repeatable",
        AllowMultipleArgumentsPerToken = false,
    };

    private static Option<int> Timeout() => new("--cell-timeout") { Description = "seconds one cell may run", DefaultValueFactory = _ => 600 };

    private static Command Run(Option<string?> store)
    {
        var notebook = new Argument<string>("notebook") { Description = "the .ipynb or .dib file to run" };
        var output = new Option<string?>("--out") { Description = "executed notebook to write (default: <name>.executed.ipynb here)" };
        var html = new Option<string?>("--html") { Description = "self-contained HTML rendering to write (default: <name>.html here)" };
        var parameters = new Option<string[]>("-p", "--parameter")
        {
            Description = "name=value: sets a parameter the notebook's parameters cell declares (the value as a C# literal of its type); repeatable",
            AllowMultipleArgumentsPerToken = false, HelpName = "name=value",
        };
        var parameterFile = new Option<string?>("-p-file", "--parameter-file") { Description = "a JSON object of parameter values (-p wins)", HelpName = "file.json" };
        var allowErrors = new Option<bool>("--allow-errors") { Description = "run every cell even after one fails; both files show each failure (exit code still 1)" };
        var attach = new Option<bool>("--attach") { Description = "store the executed notebook and the HTML page with every run the notebook started" };
        var sources = Sources();
        var timeout = Timeout();
        var run = new Command("run", "Run a notebook top to bottom in the dotnet-interactive kernel; write the executed notebook and an HTML page")
        {
            notebook, output, html, parameters, parameterFile, allowErrors, attach, sources, timeout,
        };
        run.SetAction(async (parse, cancel) =>
        {
            if (parse.GetValue(timeout) < 1) throw new NotebookException($"--cell-timeout must be at least 1 second (got {parse.GetValue(timeout)}).", badInput: true);
            var document = NotebookDocument.Load(parse.GetValue(notebook)!);
            // every check before the kernel starts: a bad parameter writes nothing
            document.Parameters = NotebookParameters.Inject(document, NotebookParameters.Collect(parse.GetValue(parameters) ?? [], parse.GetValue(parameterFile)));
            var name = Path.GetFileNameWithoutExtension(document.Path);
            var options = NotebookRunOptions.Default with
            {
                NuGetSources = parse.GetValue(sources) ?? [],
                CellTimeout = TimeSpan.FromSeconds(parse.GetValue(timeout)),
                AllowErrors = parse.GetValue(allowErrors),
            };
            // --store is the notebook's store too (MLOPS_STORE in its kernel)
            var extra = new Dictionary<string, string?>();
            if (parse.GetValue(store) is { } location) extra["MLOPS_STORE"] = StoreLocation.Resolve(location);
            var (result, runs) = await HeadlessRun.RunAsync(document, document.Path, document.Path, document.Parameters, options, extra, Console.Out, cancel);
            var outPath = parse.GetValue(output) ?? $"{name}.executed.ipynb";
            var htmlPath = parse.GetValue(html) ?? $"{name}.html";
            IpynbWriter.Write(document, outPath);
            NotebookHtml.Write(document, result, htmlPath);
            Console.WriteLine($"Wrote {Path.GetFullPath(outPath)}");
            Console.WriteLine($"Wrote {Path.GetFullPath(htmlPath)}");
            if (parse.GetValue(attach)) Attach(parse.GetValue(store) ?? Environment.GetEnvironmentVariable("MLOPS_STORE") ?? Path.Combine(Path.GetDirectoryName(document.Path)!, ".mlops"),
                runs, [(outPath, $"{NotebookProvenance.ArtifactFolder}/{name}.executed.ipynb"), (htmlPath, $"{NotebookProvenance.ArtifactFolder}/{name}.html")]);
            foreach (var failure in result.Failures)
                Console.Error.WriteLine($"mlops: cell {failure.Cell} of {Path.GetFileName(document.Path)} failed: {failure.Error}");
            return result.Succeeded ? 0 : 1;
        });
        return run;
    }

    // the runs the notebook started are in the store its kernel used by default; one it chose itself is named, not guessed
    private static void Attach(string location, IReadOnlyList<string> runs, IReadOnlyList<(string Path, string Name)> files)
    {
        if (runs.Count == 0)
        {
            Console.WriteLine("--attach: the notebook started no run; nothing attached.");
            return;
        }
        using var client = MlopsClient.OpenExisting(location);
        foreach (var run in runs)
        {
            try
            {
                foreach (var (path, name) in files) client.AttachArtifact(run, path, name);
                Console.WriteLine($"Attached the executed notebook and the HTML page to run {run[..8]}");
            }
            catch (MlopsException e) when (e.Kind == MlopsErrorKind.NotFound)
            {
                Console.Error.WriteLine($"mlops: --attach: run {run[..8]} is not in {StoreLocation.Describe(location)} (the notebook used another store); nothing attached to it.");
            }
        }
    }

    private static Command Reproduce(Option<string?> store)
    {
        var id = new Argument<string>("run-id") { Description = "the run to reproduce (id or unique prefix); it must have been started by a headless notebook run" };
        var tolerance = new Option<string[]>("--tolerance")
        {
            HelpName = "1e-6|metric=0.01,...",
            Description = "largest absolute difference accepted: one number for every metric (default 1e-6) and/or metric=number pairs, e.g. auc=0.01,rmse=0.5",
            AllowMultipleArgumentsPerToken = false,
        };
        var html = new Option<string?>("--html") { Description = "comparison report to write (self-contained HTML)" };
        var overrides = new Option<string[]>("-p", "--parameter")
        {
            Description = "name=value: run with this value instead of the run's, to see what it changes (the check then shows the drift); repeatable",
            AllowMultipleArgumentsPerToken = false, HelpName = "name=value",
        };
        var output = new Option<string?>("--out") { Description = "executed notebook of the reproduction (default: <name>.reproduction.ipynb here)" };
        var sources = Sources();
        var timeout = Timeout();
        var reproduce = new Command("reproduce", "Run the notebook stored with a run again (same parameters, same dataset versions) and compare the two runs; exit 0 reproduced, 4 drifted, 1 failed")
        {
            id, tolerance, html, overrides, output, sources, timeout,
        };
        reproduce.SetAction(async (parse, cancel) =>
        {
            if (parse.GetValue(timeout) < 1) throw new NotebookException($"--cell-timeout must be at least 1 second (got {parse.GetValue(timeout)}).", badInput: true);
            var tolerances = ReproductionCheck.ParseTolerances(parse.GetValue(tolerance) ?? []);
            var location = StoreLocation.Resolve(parse.GetValue(store));
            using var client = MlopsClient.OpenExisting(location);
            var options = NotebookRunOptions.Default with
            {
                NuGetSources = parse.GetValue(sources) ?? [],
                CellTimeout = TimeSpan.FromSeconds(parse.GetValue(timeout)),
            };
            var outcome = await new Reproduction(client, location, Console.Out).RunAsync(parse.GetValue(id)!, tolerances, options, parse.GetValue(output),
                NotebookParameters.Collect(parse.GetValue(overrides) ?? [], null), cancel);
            if (outcome.Reproduction is { } reproduction && parse.GetValue(html) is { } path)
                Console.WriteLine($"Wrote {ReportWriter.Write(client.Reports.Reproduction(outcome.Original.Info.Id, reproduction.Info.Id, outcome.Rows), path)}");
            return outcome.Exit;
        });
        return reproduce;
    }
}

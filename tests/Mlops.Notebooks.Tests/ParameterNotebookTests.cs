using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Mlops.Notebooks.Tests;

/// <summary>
/// notebooks/05-parameters.ipynb run headless with parameters by the mlops command in the real kernel, its run's
/// provenance, and reproductions of that run: exact, with the data moved on (pinned), and with a parameter changed.
/// </summary>
[Collection(KernelCollection.Name)]
public class ParameterNotebookTests(KernelSandbox sandbox)
{
    private string Notebook => sandbox.Notebook("05-parameters.ipynb");

    [Fact]
    public async Task A_run_with_parameters_records_its_notebook_and_reproduces_exactly_pinned_to_its_data_and_drifts_with_another_parameter()
    {
        var folder = Folder("params");
        var store = Path.Combine(folder, "store");
        var (executed, html) = (Path.Combine(folder, "out.ipynb"), Path.Combine(folder, "out.html"));

        var file = Path.Combine(folder, "params.json");
        File.WriteAllText(file, """{"l2": 0.5, "iterations": 99}""");
        var run = await MlopsCommand.RunAsync(sandbox, store, folder, "notebook", "run", Notebook, "-p-file", file, "-p", "iterations=20",
            "--attach", "--out", executed, "--html", html, "--nuget-source", sandbox.Feed);

        Assert.True(run.Exit == 0, run.Output + run.Error);
        var notebook = (JsonObject)JsonNode.Parse(File.ReadAllText(executed))!;
        var cells = (JsonArray)notebook["cells"]!;
        var original = (JsonArray)JsonNode.Parse(File.ReadAllText(Notebook))!["cells"]!;
        Assert.Equal(Source(original[1]!), Source(cells[1]!));   // the parameters cell itself is untouched
        Assert.Equal("parameters", cells[1]!["metadata"]!["tags"]![0]!.GetValue<string>());
        Assert.Equal("injected-parameters", cells[2]!["metadata"]!["tags"]![0]!.GetValue<string>());
        Assert.Contains("l2 = 0.5;\niterations = 20;", Source(cells[2]!));
        Assert.Equal("""{"l2":0.5,"iterations":20}""", notebook["metadata"]!["mlops"]!["parameters"]!.ToJsonString());
        Assert.Contains("Parameters: <code>l2 = 0.5</code>, <code>iterations = 20</code>", File.ReadAllText(html));

        RunDetails first;
        using (var client = MlopsClient.OpenExisting(store))
        {
            first = client.GetRun(Assert.Single(client.ListRuns()).Info.Id.Value);
            Assert.Equal("0.5", first.Params["l2"]);
            Assert.Equal("0.5", first.Params["trainer.l2_regularization"]);   // the injected value is what trained
            Assert.Equal(Notebook, first.Tags[NotebookProvenance.PathTag]);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Notebook))), first.Tags[NotebookProvenance.Sha256Tag]);
            Assert.Equal("8", first.Tags[NotebookProvenance.CellTag]);   // the training cell, counted in the notebook as written
            Assert.Equal("""{"l2":0.5,"iterations":20}""", first.Tags[NotebookProvenance.ParametersTag]);
            var stored = Path.Combine(folder, "stored.ipynb");
            client.DownloadArtifact(first.Info.Id.Value, "notebook/05-parameters.ipynb", stored);
            Assert.Equal(File.ReadAllBytes(Notebook), File.ReadAllBytes(stored));
            Assert.Equal(("flats", 1, DatasetUse.Loaded), first.Inputs.Select(i => (i.Dataset, i.Version, i.Use)).Single());
            // --attach: what the run produced after it ended, stored with it
            Assert.Contains(first.Artifacts, a => a.Name == "notebook/05-parameters.executed.ipynb" && a.Size == new FileInfo(executed).Length);
            Assert.Contains(first.Artifacts, a => a.Name == "notebook/05-parameters.html" && a.Size == new FileInfo(html).Length);
        }

        var report = Path.Combine(folder, "reproduction.html");
        var same = await MlopsCommand.RunAsync(sandbox, store, folder, "notebook", "reproduce", first.Info.Id.Short, "--html", report, "--nuget-source", sandbox.Feed);
        Assert.True(same.Exit == 0, same.Output + same.Error);
        Assert.Contains("Reproduced: every param equal and every metric within tolerance.", same.Output);
        Assert.Contains("Reproduction of run", File.ReadAllText(report));

        // the dataset moves on: a reproduction still reads the version the run read
        using (var client = MlopsClient.OpenExisting(store))
            Assert.Equal(2, client.Datasets.Commit("flats", Enumerable.Range(0, 50).Select(i => new { Size = 40f + i, Rooms = 2f, Floor = 1f, Price = 9000f })).Version.Number);
        var pinned = await MlopsCommand.RunAsync(sandbox, store, folder, "notebook", "reproduce", first.Info.Id.Short, "--nuget-source", sandbox.Feed);
        Assert.True(pinned.Exit == 0, pinned.Output + pinned.Error);
        Assert.Contains("datasets pinned: flats@1", pinned.Output);

        var changed = await MlopsCommand.RunAsync(sandbox, store, folder, "notebook", "reproduce", first.Info.Id.Short, "-p", "l2=5", "--nuget-source", sandbox.Feed);
        Assert.True(changed.Exit == 4, changed.Output + changed.Error);
        Assert.Contains("Not reproduced", changed.Output);
        Assert.Matches(@"metric r_squared\s+\S+\s+\S+\s+\S+\s+NO", changed.Output);

        using (var client = MlopsClient.OpenExisting(store))
        {
            var reproductions = client.SearchRuns($"tags.`{NotebookProvenance.ReproducesTag}` = '{first.Info.Id.Value}'").Select(r => client.GetRun(r.Info.Id.Value)).ToList();
            Assert.Equal(3, reproductions.Count);
            Assert.All(reproductions, r => Assert.Equal(("flats", 1), r.Inputs.Select(i => (i.Dataset, i.Version)).Single()));
            Assert.Equal(2, reproductions.Count(r => r.Params["l2"] == "0.5"));
        }
    }

    [Fact]
    public async Task Bad_parameters_and_bad_reproductions_are_refused_before_anything_runs()
    {
        var folder = Folder("bad");
        var store = Path.Combine(folder, "store");
        var output = Path.Combine(folder, "out.ipynb");
        var empty = Path.Combine(folder, "empty.dib");
        File.WriteAllText(empty, "#!csharp\n\n// parameters\nConsole.WriteLine(\"no defaults here\");\n");

        foreach (var (args, expected) in new (string[], string)[]
        {
            ([Notebook, "-p", "learning_rate=0.1"], "has no parameter 'learning_rate'; its parameters cell (cell 2) declares l2 (double), iterations (int), dataset (string)"),
            ([Notebook, "-p", "iterations=many"], "-p iterations=many: iterations is an int in the parameters cell, and 'many' is not a whole number"),
            ([Notebook, "-p", "l2"], "-p l2: give name=value"),
            ([sandbox.Notebook("01-quickstart.ipynb"), "-p", "l2=1"], "01-quickstart.ipynb has no parameters cell, so -p l2 has nothing to set"),
            ([empty, "-p", "x=1"], "the parameters cell (cell 1) of empty.dib assigns no parameter"),
        })
        {
            var result = await MlopsCommand.RunAsync(sandbox, store, folder, ["notebook", "run", .. args, "--out", output]);
            Assert.True(result.Exit == 2, $"{string.Join(' ', args)}: {result.Exit} {result.Output} {result.Error}");
            Assert.Contains(expected, result.Error);
            Assert.False(File.Exists(output));
            Assert.DoesNotContain("kernel starting", result.Output);
        }

        using (var client = MlopsClient.Open(store))
        {
            using (var plain = client.StartRun("by-hand")) plain.LogMetric("auc", 0.9);
            // a run whose stored notebook no longer has the bytes it recorded
            var copy = Path.Combine(folder, "05-parameters.ipynb");
            File.Copy(Notebook, copy);
            using var tampered = client.StartRun("tampered", tags: new Dictionary<string, string>
            {
                [NotebookProvenance.PathTag] = copy, [NotebookProvenance.Sha256Tag] = new string('0', 64), [NotebookProvenance.ArtifactTag] = "notebook/05-parameters.ipynb",
            });
            tampered.LogArtifact(copy, "notebook/05-parameters.ipynb");
        }
        using (var client = MlopsClient.OpenExisting(store))
            foreach (var (name, expected) in new[] { ("by-hand", "has no stored notebook"), ("tampered", "no longer matches the SHA-256 the run recorded") })
            {
                var id = client.ListRuns().Single(r => r.Info.Name == name).Info.Id.Short;
                var result = await MlopsCommand.RunAsync(sandbox, store, folder, "notebook", "reproduce", id);
                Assert.True(result.Exit == 2, $"{name}: {result.Exit} {result.Output} {result.Error}");
                Assert.Contains(expected, result.Error);
            }
        var unknown = await MlopsCommand.RunAsync(sandbox, store, folder, "notebook", "reproduce", "deadbeef");
        Assert.Equal(2, unknown.Exit);
        Assert.Contains("deadbeef", unknown.Error);
        var tolerance = await MlopsCommand.RunAsync(sandbox, store, folder, "notebook", "reproduce", "deadbeef", "--tolerance", "auc=close");
        Assert.Equal(2, tolerance.Exit);
        Assert.Contains("--tolerance auc=close: give a non-negative number", tolerance.Error);
        using (var client = MlopsClient.OpenExisting(store)) Assert.Equal(2, client.ListRuns().Count);   // nothing ran
        Assert.Empty(Directory.GetFiles(folder, "*.reproduction.ipynb"));
    }

    [Fact]
    public async Task Allowing_errors_runs_every_cell_and_lists_each_failure()
    {
        var folder = Folder("errors");
        var notebook = Path.Combine(folder, "two-failures.dib");
        File.WriteAllText(notebook, """
            #!csharp

            Console.WriteLine("first ran");

            #!csharp

            throw new InvalidOperationException("the first failure");

            #!csharp

            Console.WriteLine("third ran");

            #!csharp

            throw new ArgumentException("the second failure");

            #!csharp

            Console.WriteLine("last ran");
            """);
        var (output, html) = (Path.Combine(folder, "out.ipynb"), Path.Combine(folder, "out.html"));

        // from the repository: its tool manifest names the kernel
        var result = await MlopsCommand.RunAsync(sandbox, Path.Combine(folder, "store"), sandbox.Repository, "notebook", "run", notebook, "--allow-errors", "--out", output, "--html", html);

        Assert.Equal(1, result.Exit);
        Assert.Contains("2 failed: cell 2, 4", result.Output);
        Assert.Contains("cell 2 of two-failures.dib failed: the first failure", result.Error.Replace("System.InvalidOperationException: ", ""));
        Assert.Contains("cell 4 of two-failures.dib failed", result.Error);
        var executed = File.ReadAllText(output);
        foreach (var text in new[] { "first ran", "the first failure", "third ran", "the second failure", "last ran" }) Assert.Contains(text, executed);
        Assert.Contains("2 cells failed: 2, 4", File.ReadAllText(html));
    }

    [Fact]
    public async Task A_notebook_run_where_the_host_names_no_notebook_can_name_itself()
    {
        // VS Code tells the kernel nothing of the notebook: MLOps.SourceNotebook names it
        var folder = Folder("vscode");
        var notebook = Path.Combine(folder, "interactive.dib");
        File.WriteAllText(notebook, """
            #!csharp

            #r "nuget: Mlops.Interactive, *-*"

            #!csharp

            MLOps.SourceNotebook("interactive.dib");
            MLOps.StartRun("from-an-editor");
            MLOps.EndRun();
            var shown = MLOps.GetRun();
            Console.WriteLine(string.Join("\n", shown.Tags.Select(t => $"{t.Key}={t.Value}").Concat(shown.Artifacts.Select(a => $"artifact {a.Name}"))));
            """);

        using var run = await NotebookRun.ExecuteAsync(sandbox, notebook);

        run.ShouldSucceed();
        var output = run.OutputOf("SourceNotebook");
        Assert.Contains($"{NotebookProvenance.PathTag}={notebook}", output);
        Assert.Contains($"{NotebookProvenance.Sha256Tag}={Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(notebook)))}", output);
        Assert.Contains("artifact notebook/interactive.dib", output);
        Assert.DoesNotContain(NotebookProvenance.CellTag, output);   // the host does not say which cell
    }

    [Fact]
    public async Task Under_Jupyter_a_run_records_the_notebook_the_server_names_to_its_kernel()
    {
        // Jupyter Server starts a kernel with JPY_SESSION_NAME set to the notebook's path; nothing else is needed
        var folder = Folder("jupyter");
        var notebook = Path.Combine(folder, "served.dib");
        File.WriteAllText(notebook, """
            #!csharp

            #r "nuget: Mlops.Interactive, *-*"

            #!csharp

            MLOps.StartRun("from-jupyter");
            MLOps.EndRun();
            Console.WriteLine(string.Join("\n", MLOps.GetRun().Tags.Select(t => $"{t.Key}={t.Value}")));
            """);
        var options = sandbox.Options(Path.Combine(folder, "store"));
        options = options with { Environment = new Dictionary<string, string?>(options.Environment) { ["JPY_SESSION_NAME"] = notebook } };
        var document = Mlops.Cli.Notebooks.NotebookDocument.Load(notebook);

        var result = await new Mlops.Cli.Notebooks.NotebookRunner(options, TextWriter.Null).RunAsync(document);

        Assert.True(result.Succeeded, result.Error);
        var output = string.Concat(document.Cells.SelectMany(c => c.Outputs).OfType<Mlops.Cli.Notebooks.StreamOutput>().Select(o => o.Text));
        Assert.Contains($"{NotebookProvenance.PathTag}={notebook}", output);
        Assert.Contains($"{NotebookProvenance.Sha256Tag}={Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(notebook)))}", output);
    }

    private string Folder(string name)
    {
        var folder = Path.Combine(sandbox.Root, $"{name}-{Guid.NewGuid():N}"[..20]);
        Directory.CreateDirectory(folder);
        return folder;
    }

    private static string Source(JsonNode cell) => string.Concat(((JsonArray)cell["source"]!).Select(line => line!.GetValue<string>()));
}

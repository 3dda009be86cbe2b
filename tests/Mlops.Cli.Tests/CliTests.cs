using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Mlops.Cli.Tests;

public sealed class CliTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "mlops-cli-" + Guid.NewGuid().ToString("N")[..10]);

    public CliTests() => Directory.CreateDirectory(_folder);

    private string Store => Path.Combine(_folder, "store");

    [Fact]
    public async Task Runs_list_and_show_print_what_the_store_holds()
    {
        string id;
        using (var client = MlopsClient.Open(Store))
        {
            using var run = client.StartRun("cli-run", experiment: "churn", tags: new { stage = "dev" });
            run.LogParams(new { lr = 0.05 });
            for (var i = 0; i < 3; i++) run.LogMetric("auc", 0.8 + i / 100.0, i);
            id = run.Id.Value;
        }

        var list = await MlopsAsync("runs", "list", "--store", Store);
        Assert.Equal(0, list.Exit);
        Assert.Contains("cli-run", list.Output);
        Assert.Contains("churn", list.Output);
        Assert.Contains("0.82", list.Output);

        var show = await MlopsAsync("runs", "show", id[..6], "--store", Store);
        Assert.Equal(0, show.Exit);
        Assert.Contains("lr", show.Output);
        Assert.Contains("0.05", show.Output);
        Assert.Contains("stage", show.Output);

        var json = await MlopsAsync("runs", "show", id, "--store", Store, "--json");
        var parsed = JsonNode.Parse(json.Output)!;
        Assert.Equal(id, (string?)parsed["info"]!["id"]);
        Assert.Equal("finished", (string?)parsed["info"]!["status"]);
        Assert.Equal(3, (int)parsed["metrics"]![0]!["count"]!);

        var experiments = await MlopsAsync("experiments", "list", "--store", Store);
        Assert.Contains("churn", experiments.Output);
        var status = await MlopsAsync("status", "--store", Store);
        using (var client = MlopsClient.Open(Store))
            Assert.Contains($"schema version {client.GetStatus().SchemaVersion}", status.Output);
    }

    [Fact]
    public async Task Dataset_verbs_commit_log_diff_profile_drift_and_load()
    {
        var v1 = Path.Combine(_folder, "v1.csv");
        var v2 = Path.Combine(_folder, "v2.csv");
        await File.WriteAllLinesAsync(v1, ["id,price,city", "1,100,oslo", "2,200,bergen", "3,300,oslo"]);
        await File.WriteAllLinesAsync(v2, ["id,price,city", "1,110,oslo", "2,200,bergen", "4,400,tromso"]);

        var first = await MlopsAsync("dataset", "commit", "homes", "--from", v1, "--key", "id", "--message", "first", "--store", Store);
        Assert.Equal(0, first.Exit);
        Assert.Contains("committed homes@1", first.Output);
        Assert.Contains("reading v1.csv", first.Error);
        Assert.Contains("unchanged: still homes@1", (await MlopsAsync("dataset", "commit", "homes", "--from", v1, "--store", Store)).Output);
        Assert.Contains("committed homes@2", (await MlopsAsync("dataset", "commit", "homes", "--from", v2, "--store", Store)).Output);

        var log = await MlopsAsync("dataset", "log", "homes", "--store", Store);
        Assert.Contains("key (id)", log.Output);
        Assert.Contains("+1 -1 ~1", log.Output);
        var diff = await MlopsAsync("dataset", "diff", "homes@1", "homes@2", "--store", Store);
        Assert.Contains("+1 added, -1 removed, ~1 changed", diff.Output);
        Assert.Contains("id=1", diff.Output);
        var diffJson = JsonNode.Parse((await MlopsAsync("dataset", "diff", "homes@1", "homes@2", "--no-key", "--json", "--store", Store)).Output)!;
        Assert.Equal(2, (int)diffJson["added"]!);
        Assert.Contains("price", (await MlopsAsync("dataset", "profile", "homes", "--store", Store)).Output);
        Assert.Contains("columns drifted", (await MlopsAsync("dataset", "drift", "homes@1", "homes@2", "--store", Store)).Output);
        var rows = await MlopsAsync("dataset", "load", "homes@1", "--where", "city = 'oslo'", "--csv", "--store", Store);
        var lines = rows.Output.Trim().Split('\n').Select(l => l.Trim()).ToList();
        Assert.Equal("id,price,city", lines[0]);
        Assert.Equal(["1,100,oslo", "3,300,oslo"], lines.Skip(1).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Runs_are_searched_compared_and_reported_from_the_terminal()
    {
        using (var client = MlopsClient.Open(Store))
            foreach (var (lr, trainer) in new[] { (0.1, "sdca"), (0.01, "lbfgs"), (0.05, "sdca") })
            {
                using var run = client.StartRun($"lr-{lr}", tags: new { sweep = "lr" });
                run.LogParams(new { lr, trainer, epochs = 5 });
                for (var step = 0; step < 20; step++) run.LogMetric("auc", 0.5 + lr * step, step);
            }

        var list = await MlopsAsync("runs", "list", "--where", "params.trainer = 'sdca'", "--order-by", "metrics.auc desc", "--json", "--store", Store);
        Assert.Equal(0, list.Exit);
        Assert.Equal(["lr-0.1", "lr-0.05"], JsonNode.Parse(list.Output)!.AsArray().Select(r => (string)r!["info"]!["name"]!));

        var compare = await MlopsAsync("runs", "compare", "--where", "tags.sweep = 'lr'", "--metric", "auc", "--agg", "min", "--diff-only", "--store", Store);
        Assert.Equal(0, compare.Exit);
        Assert.Contains("3 runs, focus on auc (min)", compare.Output);
        Assert.Contains("params.trainer", compare.Output);
        Assert.DoesNotContain("params.epochs", compare.Output);   // the same everywhere
        Assert.DoesNotContain("metrics.auc", compare.Output);     // min is 0.5 for every run

        var report = Path.Combine(_folder, "out", "sweep.html");
        var written = await MlopsAsync("report", "--compare", "tags.sweep = 'lr'", "--out", report, "--store", Store);
        Assert.Equal(0, written.Exit);
        Assert.Contains("wrote " + report, written.Output);
        var first = await File.ReadAllTextAsync(report);
        Assert.Contains("Comparison of 3 runs", first);
        Assert.Equal(0, (await MlopsAsync("report", "--compare", "tags.sweep = 'lr'", "--out", report, "--store", Store)).Exit);
        Assert.Equal(first, await File.ReadAllTextAsync(report));
    }

    [Theory]
    [InlineData(new[] { "dataset", "log", "nobody" }, 2, "dataset 'nobody' does not exist")]
    [InlineData(new[] { "dataset", "commit", "x", "--from", "missing.csv" }, 2, "file 'missing.csv' does not exist")]
    [InlineData(new[] { "dataset", "commit", "x" }, 1, "Option '--from' is required")]
    [InlineData(new[] { "dataset", "diff", "a@1" }, 1, "Required argument 'to' missing")]
    [InlineData(new[] { "runs", "show", "abcdef12" }, 2, "no run id starts with 'abcdef12'")]
    [InlineData(new[] { "runs", "show", "xyz" }, 2, "'xyz' is not a run id")]
    [InlineData(new[] { "runs", "list", "--status", "done" }, 2, "'done' is not a run status. Valid: running, finished, failed, killed.")]
    [InlineData(new[] { "runs", "list", "--experiment", "nope" }, 2, "experiment 'nope' does not exist")]
    [InlineData(new[] { "runs", "list", "--limit", "0" }, 2, "limit must be at least 1")]
    [InlineData(new[] { "runs", "list", "--where", "metrics.auc >" }, 2, "invalid filter: expected a value")]
    [InlineData(new[] { "runs", "list", "--order-by", "metrics.auc sideways" }, 2, "invalid sort order: expected ',' or the end")]
    [InlineData(new[] { "runs", "compare", "--agg", "mean" }, 1, "Argument 'mean' not recognized")]
    [InlineData(new[] { "report", "--out", "r.html" }, 2, "give exactly one of --run <id>, --compare")]
    [InlineData(new[] { "report", "--run", "abcdef12" }, 1, "Option '--out' is required")]
    [InlineData(new[] { "runs", "frob" }, 1, "Unrecognized command or argument 'frob'")]
    [InlineData(new[] { "runs", "list", "--bogus" }, 1, "Unrecognized command or argument '--bogus'")]
    [InlineData(new[] { "notebook", "run", "missing.ipynb" }, 2, "notebook 'missing.ipynb' does not exist")]
    [InlineData(new[] { "notebook", "run", "x.ipynb", "--cell-timeout", "0" }, 2, "--cell-timeout must be at least 1 second")]
    public async Task Mistakes_get_a_message_and_a_non_zero_exit(string[] args, int exit, string expected)
    {
        MlopsClient.Open(Store).Dispose();
        var result = await MlopsAsync([.. args, "--store", Store]);
        Assert.Equal(exit, result.Exit);
        Assert.Contains(expected, result.Error);
    }

    [Theory]
    [InlineData("runs", "list")]
    [InlineData("experiments", "list")]
    [InlineData("status")]
    [InlineData("dataset", "list")]
    [InlineData("model", "list")]
    public async Task A_read_only_verb_on_a_location_with_no_store_names_it_and_creates_nothing(params string[] verb)
    {
        var nope = Path.Combine(_folder, "nope");
        var result = await MlopsAsync([.. verb, "--store", nope]);
        Assert.Equal(2, result.Exit);
        Assert.Contains($"there is no store at {nope}", result.Error);
        Assert.False(Directory.Exists(nope));

        Directory.CreateDirectory(nope);
        result = await MlopsAsync([.. verb, "--store", nope]);
        Assert.Contains($"there is no store in {nope}", result.Error);
        Assert.Empty(Directory.EnumerateFileSystemEntries(nope));
    }

    [Fact]
    public async Task A_damaged_store_is_reported_and_left_as_it_was()
    {
        Directory.CreateDirectory(Store);
        var file = Path.Combine(Store, "mlops.duckdb");
        await File.WriteAllTextAsync(file, new string('x', 5000));
        var result = await MlopsAsync("runs", "list", "--store", Store);
        Assert.Equal(1, result.Exit);
        Assert.Contains("is not a readable DuckDB database", result.Error);
        Assert.Equal(new string('x', 5000), await File.ReadAllTextAsync(file));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    internal static Task<(int Exit, string Output, string Error)> MlopsAsync(params string[] args) => MlopsAsync((IEnumerable<string>)args);

    private static async Task<(int Exit, string Output, string Error)> MlopsAsync(IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Mlops.Cli.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return (process.ExitCode, await output, await error);
    }
}

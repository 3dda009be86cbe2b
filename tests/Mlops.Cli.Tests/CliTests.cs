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
        Assert.Contains("schema version 2", status.Output);
    }

    [Theory]
    [InlineData(new[] { "runs", "show", "abcdef12" }, 2, "no run id starts with 'abcdef12'")]
    [InlineData(new[] { "runs", "show", "xyz" }, 2, "'xyz' is not a run id")]
    [InlineData(new[] { "runs", "list", "--status", "done" }, 2, "'done' is not a run status. Valid: running, finished, failed, killed.")]
    [InlineData(new[] { "runs", "list", "--experiment", "nope" }, 2, "experiment 'nope' does not exist")]
    [InlineData(new[] { "runs", "list", "--limit", "0" }, 2, "limit must be at least 1")]
    [InlineData(new[] { "runs", "frob" }, 1, "Unrecognized command or argument 'frob'")]
    [InlineData(new[] { "runs", "list", "--bogus" }, 1, "Unrecognized command or argument '--bogus'")]
    [InlineData(new[] { "notebook", "run", "missing.ipynb" }, 1, "notebook 'missing.ipynb' does not exist")]
    [InlineData(new[] { "notebook", "run", "x.ipynb", "--cell-timeout", "0" }, 1, "--cell-timeout must be at least 1 second")]
    public async Task Mistakes_get_a_message_and_a_non_zero_exit(string[] args, int exit, string expected)
    {
        MlopsClient.Open(Store).Dispose();
        var result = await MlopsAsync([.. args, "--store", Store]);
        Assert.Equal(exit, result.Exit);
        Assert.Contains(expected, result.Error);
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

    private static Task<(int Exit, string Output, string Error)> MlopsAsync(params string[] args) => MlopsAsync((IEnumerable<string>)args);

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

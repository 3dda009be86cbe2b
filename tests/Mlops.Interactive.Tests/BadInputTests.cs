namespace Mlops.Interactive.Tests;

/// <summary>Every mistake gets a message that says what was wrong and what is valid, and changes nothing.</summary>
public class BadInputTests
{
    [Theory]
    [InlineData("#!runn start", "Unknown magic command '#!runn'")]
    [InlineData("#!run frobnicate", "Unknown subcommand 'frobnicate' for #!run. Valid subcommands: start, log, artifact, end, list, show, compare, delete, restore.")]
    [InlineData("#!mlops statuss", "Unknown subcommand 'statuss' for #!mlops. Valid subcommands: use, status, help, report, gc.")]
    [InlineData("#!run start --name a --bogus 1", "Unknown option '--bogus' for #!run start. Valid options: --name, --experiment, --tags, --parent, --note.")]
    [InlineData("#!run start --name a --name b", "'--name' is given more than once in #!run start")]
    [InlineData("#!run start --tags a=1 --tags b=2", "'--tags' is given more than once")]
    [InlineData("#!run start --name a extra", "Unexpected value 'extra' in #!run start")]
    [InlineData("#!run start --name", "'--name' in #!run start needs a value.")]
    [InlineData("#!run list --limit --into x", "'--limit' in #!run list needs a value.")]
    [InlineData("#!run list --limit 0", "--limit must be a whole number of at least 1")]
    [InlineData("#!run list --limit ten", "--limit must be a whole number of at least 1, e.g. --limit 20 (got 'ten')")]
    [InlineData("#!run list --status done", "'done' is not a run status. Valid: running, finished, failed, killed.")]
    [InlineData("#!run list --experiment nope", "experiment 'nope' does not exist")]
    [InlineData("#!run list --into 1abc", "--into needs a C# variable name")]
    [InlineData("#!run start --name \"bad\tname\"", "is not a valid name")]
    [InlineData("#!run start --tags stage", "--tags: 'stage' is not key=value")]
    [InlineData("#!run start --tags \"bad key=1\"", "is not a valid key")]
    [InlineData("#!run start --parent zz", "'zz' is not a run id")]
    [InlineData("#!run start --parent abcdef", "no run id starts with 'abcdef'")]
    [InlineData("#!run show 0123456789", "no run id starts with '0123456789'")]
    [InlineData("#!experiment use", "Missing required parameter '--name'")]
    [InlineData("#!run log --metrics loss=0.5", "no run is active")]
    [InlineData("#!run end", "no run is active")]
    [InlineData("#!run artifact model.zip", "no run is active")]
    public async Task Mistakes_are_refused_with_a_clear_message_and_change_nothing(string code, string expected)
    {
        using var k = await TestKernel.StartAsync();
        var message = (await k.SubmitAsync(code)).ShouldFail();
        Assert.Contains(expected, message);
        Assert.Empty(MLOps.ListRuns());
    }

    [Theory]
    [InlineData("#!run log --bogus 1", "Unknown option '--bogus' for #!run log")]
    [InlineData("#!run log --metrics a=1 --metrics b=2", "'--metrics' is given more than once")]
    [InlineData("#!run log --metrics loss=high", "the value of 'loss' is 'high', which is not a number")]
    [InlineData("#!run log --metrics loss=1 --step two", "--step must be a whole number, e.g. --step 10 (got 'two')")]
    [InlineData("#!run log --step 3", "--step applies to --metrics")]
    [InlineData("#!run log", "nothing to log")]
    [InlineData("#!run log --params {\"lr\":0.01", "Invalid JSON")]
    [InlineData("#!run log --params lr=0.5", "a param keeps its first value: run")]
    [InlineData("#!run log --params epochs=3,lr=0.5", "lr = '0.1', so it cannot become '0.5'")]
    [InlineData("#!run log --params ok=1 --metrics \"bad key=1\"", "metric 'bad key' is not a valid key")]
    [InlineData("#!run end --status running", "a run cannot end as 'running'")]
    [InlineData("#!run end --status paused", "'paused' is not a run status")]
    [InlineData("#!run artifact missing.bin", "does not exist")]
    [InlineData("#!run start --name other", "is active. End it first")]
    [InlineData("#!mlops use /tmp", "is active in")]
    public async Task Mistakes_with_an_active_run_leave_it_as_it_was(string code, string expected)
    {
        using var k = await TestKernel.StartAsync();
        (await k.SubmitAsync("#!run start --name steady\n#!run log --params lr=0.1 --metrics loss=1")).ShouldSucceed();
        var before = MLOps.GetRun();

        var message = (await k.SubmitAsync(code)).ShouldFail();

        Assert.Contains(expected, message);
        var after = MLOps.GetRun();
        Assert.Equal(RunStatus.Running, after.Info.Status);
        Assert.Equal(before.Params, after.Params);
        Assert.Equal(before.Metrics.Select(m => (m.Key, m.Count)), after.Metrics.Select(m => (m.Key, m.Count)));
        Assert.Equal(before.Tags, after.Tags);
        Assert.Empty(after.Artifacts);
        Assert.Single(MLOps.ListRuns());
    }

    [Fact]
    public async Task An_unwritable_store_is_reported_and_the_current_store_stays()
    {
        using var k = await TestKernel.StartAsync();
        var file = Path.Combine(k.Folder, "not-a-folder");
        await File.WriteAllTextAsync(file, "x");
        var message = (await k.SubmitAsync($"#!mlops use \"{file}\"")).ShouldFail();
        Assert.Contains("cannot be written", message);
        Assert.Equal(k.Store, MLOps.Client.StoreLocation);
    }

    [Fact]
    public async Task A_damaged_store_is_reported_and_left_alone()
    {
        using var k = await TestKernel.StartAsync();
        var folder = Path.Combine(k.Folder, "damaged");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, "mlops.duckdb");
        var garbage = Enumerable.Range(0, 4096).Select(i => (byte)(i * 7)).ToArray();
        await File.WriteAllBytesAsync(file, garbage);

        var message = (await k.SubmitAsync($"#!mlops use \"{folder}\"")).ShouldFail();

        Assert.Contains("is not a readable DuckDB database", message);
        Assert.Equal(garbage, await File.ReadAllBytesAsync(file));
        Assert.Equal(k.Store, MLOps.Client.StoreLocation);
    }
}

public class OneErrorOnceTests
{
    [Theory]
    [InlineData("#!dataset commit points --from rows --key nope", "key column 'nope'")]
    [InlineData("#!model promote nope --version 1 --to champion --on points@1", "model 'nope' does not exist")]
    public async Task A_failure_is_said_once_in_the_cell_not_also_in_a_view(string code, string expected)
    {
        using var k = await TestKernel.StartAsync();
        (await k.SubmitAsync("var rows = new[] { new { Id = 1L, X = 0.5 }, new { Id = 2L, X = 1.5 } };")).ShouldSucceed();
        (await k.SubmitAsync("#!dataset commit points --from rows")).ShouldSucceed();

        var result = await k.SubmitAsync(code);
        var message = result.ShouldFail();
        Assert.Contains(expected, message);
        Assert.DoesNotContain(expected, result.Html());
    }
}

namespace Mlops.Cli.Tests;

/// <summary>The lifecycle verbs from a terminal: a bulk delete asks for --yes, gc reports what it did, history shows who did what.</summary>
public sealed class LifecycleCliTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mlops-lifecycle-").FullName;

    private string Store => Path.Combine(_folder, "store");

    [Fact]
    public async Task Runs_are_deleted_restored_and_purged_and_experiments_renamed_from_the_terminal()
    {
        using (var client = MlopsClient.Open(Store))
            for (var i = 0; i < 4; i++)
            {
                using var run = client.StartRun($"trial-{i}", "sweep");
                run.LogMetric("auc", 0.5 + i / 10.0);
            }

        var unconfirmed = await CliTests.MlopsAsync("runs", "delete", "--where", "metrics.auc < 0.65", "--store", Store);
        Assert.Equal(2, unconfirmed.Exit);
        Assert.Contains("selects 2 runs", unconfirmed.Output);
        Assert.Contains("needs --yes; nothing was deleted", unconfirmed.Error);
        Assert.Equal(4, (await Runs()).Count);

        var deleted = await CliTests.MlopsAsync("runs", "delete", "--where", "metrics.auc < 0.65", "--yes", "--store", Store);
        Assert.Equal(0, deleted.Exit);
        Assert.Contains("deleted 2 runs", deleted.Output);
        Assert.Equal(["trial-3", "trial-2"], (await Runs()).Select(r => r.Info.Name));
        var listed = await CliTests.MlopsAsync("runs", "list", "--include-deleted", "--store", Store);
        Assert.Contains("trial-0", listed.Output);

        var first = (await Runs(includeDeleted: true)).Single(r => r.Info.Name == "trial-1").Info.Id.Short;
        Assert.Equal(0, (await CliTests.MlopsAsync("runs", "restore", first, "--store", Store)).Exit);
        var twice = await CliTests.MlopsAsync("runs", "restore", first, "--store", Store);
        Assert.Equal(1, twice.Exit);   // a state conflict, not a typo
        Assert.Contains("is not deleted", twice.Error);

        var dry = await CliTests.MlopsAsync("gc", "--older-than", "0d", "--dry-run", "--store", Store);
        Assert.Equal(0, dry.Exit);
        Assert.Contains("would remove: 1 run (1 metric points", dry.Output);
        Assert.Contains("nothing was changed", dry.Output);
        var gc = await CliTests.MlopsAsync("gc", "--older-than", "0d", "--store", Store);
        Assert.Contains("removed: 1 run", gc.Output);
        Assert.Contains("freed", gc.Output);
        Assert.Equal(3, (await Runs(includeDeleted: true)).Count);
        Assert.Contains("--older-than 2w: give a number of days", (await CliTests.MlopsAsync("gc", "--older-than", "2w", "--store", Store)).Error);

        Assert.Equal(0, (await CliTests.MlopsAsync("experiments", "rename", "sweep", "lr-sweep", "--store", Store)).Exit);
        Assert.Equal(0, (await CliTests.MlopsAsync("experiments", "delete", "lr-sweep", "--store", Store)).Exit);
        Assert.Contains("lr-sweep (deleted)", (await CliTests.MlopsAsync("experiments", "list", "--include-deleted", "--store", Store)).Output);
        var history = await CliTests.MlopsAsync("history", "--store", Store);
        foreach (var action in new[] { "delete", "restore", "purge", "rename", "experiment lr-sweep" }) Assert.Contains(action, history.Output);
    }

    [Fact]
    public async Task Dataset_versions_are_deleted_restored_and_purged_from_the_terminal()
    {
        var csv = Path.Combine(_folder, "people.csv");
        string prep;
        using (var client = MlopsClient.Open(Store))
        {
            File.WriteAllText(csv, "id,name\n1,ann\n2,bob\n");
            client.Datasets.Commit("people", csv);
            File.WriteAllText(csv, "id,name\n1,ann\n2,bob\n3,cy\n");
            using var run = client.StartRun("prep", "etl");
            client.Datasets.Service.Commit("people", FileSource.For(csv), run: run.Id);
            prep = run.Id.Short;
        }

        var held = await CliTests.MlopsAsync("dataset", "delete", "people@2", "--store", Store);
        Assert.Equal(1, held.Exit);
        Assert.Contains($"people@2 is still used: 1 run that is not deleted used it ({prep} prep)", held.Error);
        Assert.Contains("name the version by number", (await CliTests.MlopsAsync("dataset", "delete", "people", "--store", Store)).Error);

        var deleted = await CliTests.MlopsAsync("dataset", "delete", "people@1", "--store", Store);
        Assert.Equal(0, deleted.Exit);
        Assert.Contains("deleted people@1 (mlops dataset restore people@1 brings it back", deleted.Output);
        Assert.DoesNotContain("deleted", (await CliTests.MlopsAsync("dataset", "log", "people", "--store", Store)).Output);
        Assert.Contains("deleted 20", (await CliTests.MlopsAsync("dataset", "log", "people", "--include-deleted", "--store", Store)).Output);
        Assert.Contains("people@1 was deleted at", (await CliTests.MlopsAsync("dataset", "show", "people@1", "--store", Store)).Error);
        Assert.Equal(0, (await CliTests.MlopsAsync("dataset", "restore", "people@1", "--store", Store)).Exit);
        Assert.Contains("people@1 is not deleted", (await CliTests.MlopsAsync("dataset", "restore", "people@1", "--store", Store)).Error);
        Assert.Equal(0, (await CliTests.MlopsAsync("dataset", "delete", "people@1", "--store", Store)).Exit);

        var gc = await CliTests.MlopsAsync("gc", "--older-than", "0d", "--store", Store);
        Assert.Equal(0, gc.Exit);
        Assert.Contains("1 dataset version (0 stored rows only they held)", gc.Output);   // version 2 holds both of its rows
        var restore = await CliTests.MlopsAsync("dataset", "restore", "people@1", "--store", Store);
        Assert.Equal(2, restore.Exit);   // it does not exist any more
        Assert.Contains("people@1 was purged by gc", restore.Error);
        Assert.Contains("purged 20", (await CliTests.MlopsAsync("dataset", "log", "people", "--include-deleted", "--store", Store)).Output);
        Assert.Contains("dataset version people@1", (await CliTests.MlopsAsync("history", "--store", Store)).Output);
    }

    private async Task<IReadOnlyList<RunListItem>> Runs(bool includeDeleted = false)
    {
        await Task.Yield();
        using var client = MlopsClient.OpenExisting(Store);
        return client.ListRuns(new RunFilter { IncludeDeleted = includeDeleted });
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}

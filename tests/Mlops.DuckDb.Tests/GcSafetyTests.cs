namespace Mlops.DuckDb.Tests;

/// <summary>gc on a folder store with real processes: beside a process logging to a live run, and killed part-way.</summary>
public class GcSafetyTests
{
    private static void Fill(string store, int runs, int delete)
    {
        using var client = MlopsClient.Open(store);
        var model = Path.Combine(store, "..", "model.bin");
        for (var r = 0; r < runs; r++)
        {
            File.WriteAllBytes(model, [(byte)r, 1, 2]);
            using var run = client.StartRun($"trial-{r}", "sweep");
            for (var step = 0; step < 200; step++) run.LogMetric("auc", r + step / 1000.0, step);
            run.LogArtifact(model);
        }
        client.Lifecycle.DeleteRuns(client.ListRuns().Where(r => int.Parse(r.Info.Name[6..]) < delete).Select(r => r.Info.Id.Value).ToList());
        // and a dataset version, whose rows go with it
        client.Datasets.Commit("homes", Enumerable.Range(0, 500).Select(i => new Home(i, i * 2.5)));
        client.Datasets.Commit("homes", Enumerable.Range(250, 500).Select(i => new Home(i, i * 2.5)));
        client.Datasets.Delete("homes@1");
    }

    private sealed record Home(long Id, double Price);

    [Fact]
    public async Task Gc_while_another_process_logs_to_a_live_run_loses_none_of_its_points()
    {
        using var temp = new TempFolder();
        var store = temp.Combine("store");
        Fill(store, runs: 20, delete: 10);
        var stop = temp.Combine("stop");
        using var worker = Worker.Start("log-until", store, "live", stop);
        var runId = (await Worker.WaitForLineAsync(worker, "ready ")).Split(' ')[1];

        GcReport report;
        using (var client = MlopsClient.OpenExisting(store))
        {
            report = client.Lifecycle.CollectGarbage(TimeSpan.Zero, dryRun: false);
            client.Lifecycle.DeleteRuns(client.ListRuns().Where(r => r.Info.Name is "trial-10" or "trial-11").Select(r => r.Info.Id.Value).ToList());
            client.Lifecycle.CollectGarbage(TimeSpan.Zero, dryRun: false);   // a second compaction while it still logs
        }
        File.WriteAllText(stop, "");
        var logged = long.Parse((await Worker.WaitForLineAsync(worker, "logged ")).Split(' ')[1]);
        await worker.WaitForExitAsync();

        Assert.Equal(10, report.Runs);
        using var after = MlopsClient.OpenExisting(store);
        var live = after.GetRun(runId);
        Assert.Equal(RunStatus.Finished, live.Info.Status);
        Assert.Equal(logged, live.Metrics.Single().Count);
        Assert.Equal(logged, after.Tracking.GetMetricHistory(runId, "loss").Count);
        Assert.Equal(9, after.ListRuns().Count);   // 8 trials and the live run
    }

    [Theory]
    [InlineData("purged")]
    [InlineData("swept")]
    [InlineData("copied")]
    [InlineData("moved")]
    public async Task Gc_killed_at_any_stage_leaves_a_store_that_opens_and_a_second_gc_finishes_the_work(string stage)
    {
        using var temp = new TempFolder();
        var store = temp.Combine("store");
        Fill(store, runs: 12, delete: 6);
        string survivor, reportBefore;
        using (var client = MlopsClient.OpenExisting(store))
        {
            survivor = client.ListRuns().Single(r => r.Info.Name == "trial-9").Info.Id.Value;
            reportBefore = client.Reports.Run(survivor);
        }

        using var worker = Worker.Start("gc-stop-at", store, stage);
        Assert.Equal($"at {stage}", await Worker.WaitForLineAsync(worker, "at "));
        worker.Kill(entireProcessTree: true);   // SIGKILL: nothing of the process runs after this
        await worker.WaitForExitAsync();

        using var client2 = MlopsClient.OpenExisting(store);
        Assert.Equal(reportBefore, client2.Reports.Run(survivor));   // what was not being purged is intact
        var second = client2.Lifecycle.CollectGarbage(TimeSpan.Zero, dryRun: false);
        Assert.Equal(0, second.Runs);   // the purge was committed before every stage a kill can stop it at
        Assert.Equal(6, client2.ListRuns(new RunFilter { IncludeDeleted = true }).Count);
        Assert.Equal(["dataset version homes@1", .. Enumerable.Repeat("run", 6)], client2.Lifecycle.History().Where(e => e.Action == "purge").Select(e => e.Kind == "run" ? "run" : $"{e.Kind} {e.Target}").OrderBy(k => k, StringComparer.Ordinal));
        Assert.False(File.Exists(Path.Combine(store, DuckDbStore.DatabaseFileName + ".compact")));
        Assert.Equal(reportBefore, client2.Reports.Run(survivor));
        Assert.Equal(0, second.DatasetVersions);   // purged with the runs, in one transaction
        Assert.NotNull(client2.Datasets.Log("homes", includeDeleted: true).Single(v => v.Number == 1).PurgedAt);
        Assert.Equal(Enumerable.Range(250, 500).Select(i => (long)i), client2.Datasets.Load("homes@2")["Id"].Cast<long>().Order());
        foreach (var run in client2.ListRuns()) using (client2.Tracking.OpenArtifact(run.Info.Id.Value, "model.bin")) { }   // every remaining artifact reads back, digest checked
        Assert.Equal(0, client2.Lifecycle.CollectGarbage(TimeSpan.Zero, dryRun: true).Blobs);
    }
}

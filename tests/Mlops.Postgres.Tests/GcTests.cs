using Npgsql;

namespace Mlops.Postgres.Tests;

/// <summary>gc on the team store: beside a process logging to a live run, killed part-way, and the trail no role can change.</summary>
public class GcTests
{
    [Fact]
    public async Task Gc_while_another_process_logs_to_a_live_run_loses_none_of_its_points()
    {
        var store = PostgresServer.Shared.NewDatabase();
        using (var client = MlopsClient.Open(store))
        {
            for (var r = 0; r < 10; r++)
            {
                using var run = client.StartRun($"trial-{r}");
                for (var step = 0; step < 500; step++) run.LogMetric("auc", step, step);
            }
            client.Lifecycle.DeleteRuns("name like 'trial-%' and name < 'trial-6'");
        }
        using var temp = new TempFolder();
        var stop = temp.Combine("stop");
        using var worker = Worker.Start("log-until", store, "live", stop);
        var runId = (await Worker.WaitForLineAsync(worker, "ready ")).Split(' ')[1];

        GcReport report;
        using (var client = MlopsClient.OpenExisting(store)) report = client.Lifecycle.CollectGarbage(TimeSpan.Zero, dryRun: false);
        File.WriteAllText(stop, "");
        var logged = long.Parse((await Worker.WaitForLineAsync(worker, "logged ")).Split(' ')[1]);
        await worker.WaitForExitAsync();

        Assert.Equal((6, 3000L), (report.Runs, report.MetricPoints));
        using var after = MlopsClient.OpenExisting(store);
        Assert.Equal(logged, after.GetRun(runId).Metrics.Single().Count);
        Assert.Equal(5, after.ListRuns().Count);
        Assert.Equal(6, after.Lifecycle.History().Count(e => e.Action == "purge"));
        Assert.StartsWith("postgres (", after.Lifecycle.History()[0].Who);   // the database role, the OS user beside it

        // the trail is append-only in the server itself, for the owner too
        using var connection = new NpgsqlConnection(PostgresServer.Shared.ConnectionString(store[(store.LastIndexOf('/') + 1)..]));
        connection.Open();
        foreach (var sql in new[] { "UPDATE mlops.lifecycle_events SET who = 'nobody'", "DELETE FROM mlops.lifecycle_events", "TRUNCATE mlops.lifecycle_events" })
        {
            using var command = new NpgsqlCommand(sql, connection);
            var e = Assert.Throws<PostgresException>(() => command.ExecuteNonQuery());
            Assert.Contains("the lifecycle trail is append-only", e.MessageText);
        }
    }

    [Theory]
    [InlineData("purged", 6)]      // killed inside its transaction: the server rolls it back, and the second gc purges all
    [InlineData("committed", 0)]   // killed after its commit, before the vacuum: nothing is left to purge
    public async Task Gc_killed_at_any_stage_leaves_a_store_that_opens_and_a_second_gc_finishes_the_work(string stage, int left)
    {
        var store = PostgresServer.Shared.NewDatabase("gckill");
        string survivor, reportBefore;
        using (var client = MlopsClient.Open(store))
        {
            for (var r = 0; r < 10; r++)
            {
                using var run = client.StartRun($"trial-{r}");
                for (var step = 0; step < 200; step++) run.LogMetric("auc", step, step);
            }
            client.Lifecycle.DeleteRuns("name like 'trial-%' and name < 'trial-6'");
            client.Datasets.Commit("homes", Enumerable.Range(0, 300).Select(i => new Home(i, i * 2.5)));
            client.Datasets.Commit("homes", Enumerable.Range(100, 300).Select(i => new Home(i, i * 2.5)));
            client.Datasets.Delete("homes@1");
            survivor = client.ListRuns().Single(r => r.Info.Name == "trial-8").Info.Id.Value;
            reportBefore = client.Reports.Run(survivor);
        }

        using var worker = Worker.Start("gc-stop-at", store, stage);
        Assert.Equal($"at {stage}", await Worker.WaitForLineAsync(worker, "at "));
        worker.Kill(entireProcessTree: true);   // SIGKILL: the server sees the connection drop
        await worker.WaitForExitAsync();

        using var after = MlopsClient.OpenExisting(store);
        Assert.Equal(reportBefore, after.Reports.Run(survivor));
        var second = after.Lifecycle.CollectGarbage(TimeSpan.Zero, dryRun: false);
        Assert.Equal((left, left == 0 ? 0 : 1), (second.Runs, second.DatasetVersions));
        Assert.Equal(4, after.ListRuns(new RunFilter { IncludeDeleted = true }).Count);
        Assert.Equal(7, after.Lifecycle.History().Count(e => e.Action == "purge"));   // once each, whichever gc did it
        Assert.Equal(Enumerable.Range(100, 300).Select(i => (long)i), after.Datasets.Load("homes@2")["Id"].Cast<long>().Order());
        Assert.Equal(reportBefore, after.Reports.Run(survivor));
    }

    private sealed record Home(long Id, double Price);
}

using Npgsql;

namespace Mlops.Postgres.Tests;

/// <summary>gc on the team store: beside a process logging to a live run, and the trail no role can change.</summary>
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
}

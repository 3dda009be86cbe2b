using Npgsql;

namespace Mlops.Postgres.Tests;

/// <summary>Real processes against a real server: concurrent loggers, concurrent first opens, a restart mid-run.</summary>
public class ConcurrencyTests
{
    [Fact]
    public async Task Four_processes_log_100000_points_each_at_once_and_every_point_is_there_once()
    {
        var store = PostgresServer.Shared.NewDatabase();
        var workers = Enumerable.Range(0, 4).Select(i => Worker.RunAsync("log", store, $"writer-{i}", "100000")).ToArray();
        var results = await Task.WhenAll(workers);
        Assert.All(results, r => Assert.True(r.Exit == 0, r.Error));

        using var client = MlopsClient.OpenExisting(store);
        var runs = client.ListRuns();
        Assert.Equal(4, runs.Count);
        foreach (var run in runs) Assert.Equal(100_000, client.GetRun(run.Info.Id.Value).Metrics.Single().Count);
        var (points, distinct) = Count(store, "SELECT count(*), count(DISTINCT (run_key, step)) FROM mlops.metrics");
        Assert.Equal(400_000, points);
        Assert.Equal(400_000, distinct);
    }

    [Fact]
    public async Task Four_processes_opening_a_fresh_database_at_once_create_the_schema_once()
    {
        var store = PostgresServer.Shared.NewDatabase();
        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Worker.RunAsync("log", store, $"first-{i}", "10")));
        Assert.All(results, r => Assert.True(r.Exit == 0, r.Error));
        var (rows, versions) = Count(store, "SELECT count(*), count(DISTINCT version) FROM mlops.mlops_schema");
        Assert.Equal(rows, versions);
        using var client = MlopsClient.OpenExisting(store);
        Assert.Equal(4, client.ListRuns().Count);
    }

    [Fact]
    public async Task A_process_logging_through_a_server_restart_reconnects_and_loses_no_point()
    {
        var store = PostgresServer.Shared.NewDatabase();
        using var worker = Worker.Start("log-halves", store, "through-restart", "200000");
        var half = await Worker.WaitForLineAsync(worker, "half ");
        PostgresServer.Shared.Restart();   // every connection of the worker's pool is dropped
        await worker.StandardInput.WriteLineAsync("go");
        await Worker.WaitForLineAsync(worker, "done");
        await worker.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        Assert.True(worker.ExitCode == 0, await worker.StandardError.ReadToEndAsync());

        using var client = MlopsClient.OpenExisting(store);
        var run = client.GetRun(half["half ".Length..]);
        Assert.Equal(RunStatus.Finished, run.Info.Status);
        Assert.Equal(200_000, run.Metrics.Single().Count);
        var (points, distinct) = Count(store, "SELECT count(*), count(DISTINCT step) FROM mlops.metrics");
        Assert.Equal(200_000, points);
        Assert.Equal(200_000, distinct);
    }

    private static (long, long) Count(string store, string sql)
    {
        var database = store[(store.LastIndexOf('/') + 1)..];
        using var connection = new NpgsqlConnection(PostgresServer.Shared.ConnectionString(database));
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }
}

using System.Diagnostics;

namespace Mlops.DuckDb.Tests;

public class ConcurrencyTests
{
    [Fact]
    public async Task Two_processes_logging_to_one_store_at_once_both_succeed_and_lose_nothing()
    {
        using var temp = new TempFolder();
        var store = temp.Combine("store");
        DuckDbStore.Open(store).Dispose();

        var first = Worker.RunAsync("log", store, "writer-1", "100000");
        var second = Worker.RunAsync("log", store, "writer-2", "100000");
        var results = await Task.WhenAll(first, second);

        foreach (var (exit, output, error) in results) Assert.True(exit == 0, $"worker failed: {output} {error}");
        using var client = MlopsClient.Open(store);
        var runs = client.ListRuns();
        Assert.Equal(2, runs.Count);
        Assert.All(runs, r => Assert.Equal(RunStatus.Finished, r.Info.Status));
        Assert.Equal(200_000, client.GetStatus().MetricPoints);
        Assert.All(runs, r => Assert.Equal(100_000, client.GetRun(r.Info.Id.Value).Metrics.Single().Count));
    }

    [Fact]
    public async Task A_process_that_keeps_using_the_store_still_lets_another_process_in()
    {
        using var temp = new TempFolder();
        var store = temp.Combine("store");
        using var client = MlopsClient.Open(store);
        using var busy = new CancellationTokenSource();
        var operations = 0;
        // back-to-back operations with no pause: the file stays open between them, but never for long at a stretch
        var going = new TaskCompletionSource();
        var loop = Task.Run(() =>
        {
            while (!busy.IsCancellationRequested)
            {
                client.Tracking.GetStatus();
                if (++operations == 10) going.SetResult();
            }
        });
        await going.Task.WaitAsync(TimeSpan.FromMinutes(1));

        using var other = Worker.Start("hold", Path.Combine(store, DuckDbStore.DatabaseFileName), "0.2");
        await Worker.WaitForLineAsync(other, "holding");   // the worker gives up after 5 s of refusals
        await other.WaitForExitAsync();
        busy.Cancel();
        await loop;
        Assert.Equal(0, other.ExitCode);
        Assert.True(operations > 10);
    }

    [Fact]
    public async Task The_file_is_free_for_other_processes_soon_after_the_last_operation_and_at_once_after_dispose()
    {
        using var temp = new TempFolder();
        var store = temp.Combine("store");
        var client = MlopsClient.Open(store);
        client.Tracking.GetStatus();
        client.Dispose();
        // a worker that does not wait: the store closed its file on dispose
        using var other = Worker.Start("hold-now", Path.Combine(store, DuckDbStore.DatabaseFileName), "0");
        Assert.Equal("holding", await Worker.WaitForLineAsync(other, "holding"));
    }

    [Fact]
    public async Task A_run_whose_process_was_killed_shows_as_killed_with_what_was_flushed()
    {
        using var temp = new TempFolder();
        var store = temp.Combine("store");
        using var worker = Worker.Start("log-forever", store, "doomed");
        var runId = (await Worker.WaitForLineAsync(worker, "ready ")).Split(' ')[1];

        worker.Kill(entireProcessTree: true);   // SIGKILL: no exit handlers run
        await worker.WaitForExitAsync();

        using var client = MlopsClient.Open(store);
        var run = client.GetRun(runId);
        Assert.Equal(RunStatus.Killed, run.Info.Status);
        Assert.Contains($"process {worker.Id}", run.Info.StatusReason);
        Assert.NotNull(run.Info.EndTime);
        Assert.True(run.Metrics.Single().Count >= 1000, $"expected the 1000 flushed points, got {run.Metrics.Single().Count}");
    }

    [Fact]
    public async Task A_lock_held_briefly_by_another_process_is_waited_for()
    {
        using var temp = new TempFolder();
        var store = temp.Combine("store");
        DuckDbStore.Open(store).Dispose();
        using var holder = Worker.Start("hold", Path.Combine(store, DuckDbStore.DatabaseFileName), "1.5");
        await Worker.WaitForLineAsync(holder, "holding");

        using var client = MlopsClient.Open(store);
        client.StartRun("patient").End();

        Assert.Equal("patient", client.ListRuns().Single().Info.Name);
        await holder.WaitForExitAsync();
    }

    [Fact]
    public async Task A_lock_held_too_long_is_reported_with_the_holder()
    {
        using var temp = new TempFolder();
        var store = temp.Combine("store");
        DuckDbStore.Open(store).Dispose();
        using var holder = Worker.Start("hold", Path.Combine(store, DuckDbStore.DatabaseFileName), "30");
        await Worker.WaitForLineAsync(holder, "holding");
        try
        {
            var clock = Stopwatch.StartNew();
            var e = Assert.Throws<MlopsException>(() => DuckDbStore.Open(store, new DuckDbStoreOptions { LockTimeout = TimeSpan.FromSeconds(1) }));
            Assert.Equal(MlopsErrorKind.StoreUnavailable, e.Kind);
            Assert.Contains($"process {holder.Id}", e.Message);
            Assert.Contains("MLOPS_LOCK_TIMEOUT_SECONDS", e.Message);
            Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1), "it should have retried for the whole timeout");
        }
        finally
        {
            holder.Kill();
        }
    }

    [Fact]
    public async Task Metrics_that_cannot_be_written_stay_buffered_and_are_written_once_the_store_is_free()
    {
        using var temp = new TempFolder();
        var store = temp.Combine("store");
        using var client = MlopsClient.Open(store, new MlopsClientOptions { Store = new DuckDbStoreOptions { LockTimeout = TimeSpan.FromMilliseconds(300) } });
        var run = client.StartRun("r");
        using var holder = Worker.Start("hold", Path.Combine(store, DuckDbStore.DatabaseFileName), "30");
        await Worker.WaitForLineAsync(holder, "holding");

        for (var i = 0; i < 100; i++) run.LogMetric("loss", i, i);
        var e = Assert.Throws<MlopsException>(() => run.Flush());
        Assert.Contains("100 metric points could not be written", e.Message);
        Assert.Equal(100, client.Tracking.Metrics.Pending);

        holder.Kill();
        await holder.WaitForExitAsync();
        run.End();
        Assert.Equal(100, client.GetRun(run.Id.Value).Metrics.Single().Count);
    }
}

using Microsoft.Extensions.Time.Testing;

namespace Mlops.DuckDb.Tests;

/// <summary>How the metric buffer tells a store that is away for a moment from one that refuses a run's points for good.</summary>
public class MetricFailureTests
{
    [Fact]
    public void A_run_the_store_no_longer_has_fails_only_its_own_points_and_the_others_flow()
    {
        using var s = Engines.Open("file");
        var gone = s.Tracking.StartRun(new RunStart("gone"));
        var kept = s.Tracking.StartRun(new RunStart("kept"));
        s.Store.Use(c => c.Execute("DELETE FROM runs WHERE run_id = $1", gone.Id));

        for (var i = 0; i < 100; i++)
        {
            gone.LogMetric("loss", i, i);
            kept.LogMetric("loss", i, i);
        }
        s.Tracking.Metrics.Flush();   // settles: nothing stays buffered behind the refused run

        Assert.Equal(0, s.Tracking.Metrics.Pending);
        kept.End();
        Assert.Equal(100, s.Tracking.GetRun(kept.Id.Value).Metrics.Single().Count);
        var error = Assert.Throws<MlopsException>(() => gone.Flush());
        Assert.Contains($"100 metric points of run {gone.Id.Short}", error.Message);
        Assert.Contains("dropped", error.Message);
        Assert.Contains("not in the store", error.Message);
        gone.LogMetric("loss", 1, 200);   // later points of the same run are tried again and refused again
        Assert.Throws<MlopsException>(() => gone.Flush());
    }

    [Fact]
    public async Task A_store_that_is_away_keeps_the_points_and_retries_after_the_delay_on_the_injected_clock()
    {
        using var folder = new TempFolder();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        var storePath = folder.Combine("store");
        using var store = DuckDbStore.Open(storePath, new DuckDbStoreOptions { LockTimeout = TimeSpan.FromMilliseconds(200) });
        var options = new TrackingOptions { Time = clock, Metrics = new MetricWriterOptions { RetryDelay = TimeSpan.FromSeconds(30) } };
        using var tracking = new TrackingService(store, options);
        var run = tracking.StartRun(new RunStart("waiting"));
        using var attempts = new SemaphoreSlim(0);
        tracking.Metrics.Attempted += () => attempts.Release();

        // another process's lock, as a DuckDB shell left open would hold it
        using (var holder = Worker.Start("hold", Path.Combine(storePath, DuckDbStore.DatabaseFileName), "600"))
        {
            await Worker.WaitForLineAsync(holder, "holding");
            for (var i = 0; i < 10; i++) run.LogMetric("loss", i, i);
            clock.Advance(TimeSpan.FromSeconds(1));   // the flush interval: the flusher tries, and the file is locked
            Assert.True(attempts.Wait(TimeSpan.FromSeconds(30)), "the flusher never tried");
            Assert.Equal(10, tracking.Metrics.Pending);
            var error = Assert.Throws<MlopsException>(() => tracking.Metrics.Flush());
            Assert.Equal(MlopsErrorKind.StoreUnavailable, error.Kind);
            Assert.Contains("still buffered", error.Message);
            holder.Kill();
            await holder.WaitForExitAsync();
        }

        clock.Advance(TimeSpan.FromSeconds(30));   // the retry delay passes on the injected clock only
        Assert.True(attempts.Wait(TimeSpan.FromSeconds(30)), "the flusher never retried");
        tracking.Metrics.Flush();
        Assert.Equal(0, tracking.Metrics.Pending);
        run.End();
        Assert.Equal(10, tracking.GetRun(run.Id.Value).Metrics.Single().Count);
    }

    [Fact]
    public async Task A_flush_asked_while_a_failed_write_is_being_reported_is_answered_without_waiting_for_the_retry_delay()
    {
        using var folder = new TempFolder();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        var storePath = folder.Combine("store");
        using var store = DuckDbStore.Open(storePath, new DuckDbStoreOptions { LockTimeout = TimeSpan.FromMilliseconds(200) });
        var options = new TrackingOptions { Time = clock, Metrics = new MetricWriterOptions { RetryDelay = TimeSpan.FromHours(1) } };
        using var tracking = new TrackingService(store, options);
        var run = tracking.StartRun(new RunStart("waiting"));
        Task<MlopsException>? flushing = null;
        // on the flusher's thread, after its first failed write and before it waits out the retry delay: a Flush
        // arrives and asks for a try now (before the fix the flusher missed that request and both waited for good)
        tracking.Metrics.Attempted += () =>
        {
            if (flushing is not null) return;
            flushing = Task.Run(() => Assert.Throws<MlopsException>(() => tracking.Metrics.Flush()));
            SpinWait.SpinUntil(() => tracking.Metrics.FlushWaiters > 0 || flushing.IsCompleted);
        };

        using var holder = Worker.Start("hold", Path.Combine(storePath, DuckDbStore.DatabaseFileName), "600");
        await Worker.WaitForLineAsync(holder, "holding");
        run.LogMetric("loss", 1, 0);
        clock.Advance(TimeSpan.FromSeconds(1));   // the flush interval: the flusher tries, and the file is locked

        SpinWait.SpinUntil(() => flushing is not null, TimeSpan.FromSeconds(30));
        Assert.NotNull(flushing);
        var error = await flushing!.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(MlopsErrorKind.StoreUnavailable, error.Kind);
        Assert.Contains("still buffered", error.Message);
        holder.Kill();
        await holder.WaitForExitAsync();
    }

    [Fact]
    public async Task A_point_logged_while_the_run_ends_is_either_written_before_the_end_or_refused()
    {
        using var s = Engines.Open("memory");
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var run = s.Tracking.StartRun(new RunStart($"race-{attempt}"));
            long accepted = 0;
            using var started = new ManualResetEventSlim();
            var logger = Task.Run(() =>
            {
                started.Set();
                for (var i = 0; ; i++)
                {
                    try { run.LogMetric("loss", i, i); }
                    catch (MlopsException) { return; }
                    accepted++;
                }
            });
            started.Wait();
            run.End();
            await logger;
            s.Tracking.Metrics.Flush();
            var stored = s.Tracking.GetRun(run.Id.Value).Metrics.SingleOrDefault()?.Count ?? 0;
            Assert.Equal(accepted, stored);
        }
    }

    [Fact]
    public void Execute_keeps_the_bodys_exception_when_ending_the_run_fails_too()
    {
        using var s = Engines.Open("file");
        var run = s.Tracking.StartRun(new RunStart("doomed"));
        s.Store.Use(c => c.Execute("DELETE FROM runs WHERE run_id = $1", run.Id));

        var thrown = Assert.Throws<ArithmeticException>(() => run.Execute<int>(r =>
        {
            r.LogMetric("loss", 1);
            throw new ArithmeticException("diverged");
        }));
        Assert.Equal("diverged", thrown.Message);
        Assert.Contains("could not be written", (string)thrown.Data["mlops.end_failure"]!);
    }
}

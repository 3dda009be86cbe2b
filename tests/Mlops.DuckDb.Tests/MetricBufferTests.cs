using Microsoft.Extensions.Time.Testing;

namespace Mlops.DuckDb.Tests;

public class MetricBufferTests
{
    [Fact]
    public void The_buffer_is_bounded_however_many_points_are_logged()
    {
        using var store = DuckDbStore.InMemory();
        var options = new TrackingOptions { Metrics = new MetricWriterOptions { ChunkSize = 1_000, MaxChunks = 4 } };
        using var tracking = new TrackingService(store, options);
        var run = tracking.StartRun(new RunStart("bounded"));

        for (var i = 0; i < 200_000; i++) run.LogMetric("loss", i, i);
        run.End();

        Assert.InRange(tracking.Metrics.AllocatedChunks, 1, 4);
        Assert.Equal(0, tracking.Metrics.Pending);
        Assert.Equal(200_000, tracking.GetRun(run.Id.Value).Metrics.Single().Count);
    }

    [Fact]
    public void A_partly_filled_buffer_is_written_after_the_flush_interval_without_being_asked()
    {
        using var store = DuckDbStore.InMemory();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        var options = new TrackingOptions { Time = clock, Metrics = new MetricWriterOptions { FlushInterval = TimeSpan.FromSeconds(5) } };
        using var tracking = new TrackingService(store, options);
        using var written = new SemaphoreSlim(0);
        tracking.Metrics.Attempted += () => written.Release();
        var run = tracking.StartRun(new RunStart("interval"));
        for (var i = 0; i < 5; i++) run.LogMetric("loss", i, i);

        clock.Advance(TimeSpan.FromSeconds(4));
        Assert.False(written.Wait(TimeSpan.FromMilliseconds(200)), "written before the interval passed");
        Assert.Equal(5, tracking.Metrics.Pending);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(written.Wait(TimeSpan.FromSeconds(30)), "the flusher never wrote the partial chunk");
        Assert.Equal(0, tracking.Metrics.Pending);
        Assert.Equal(5, store.GetRunDetails([run.Id]).Single().Metrics.Single().Count);
    }

    [Fact]
    public void Options_are_checked()
    {
        using var store = DuckDbStore.InMemory();
        Assert.Contains("ChunkSize", Assert.Throws<MlopsException>(() => new MetricWriter(store, new MetricWriterOptions { ChunkSize = 0 })).Message);
        Assert.Contains("MaxChunks", Assert.Throws<MlopsException>(() => new MetricWriter(store, new MetricWriterOptions { MaxChunks = 1 })).Message);
    }

    [Fact]
    public async Task A_run_left_open_at_a_normal_exit_is_written_and_ended()
    {
        using var temp = new TempFolder();
        var store = temp.Combine("store");
        var (exit, output, error) = await Worker.RunAsync("log-and-exit", store, "forgotten", "50000");
        Assert.True(exit == 0, error);

        using var client = MlopsClient.Open(store);
        var run = client.GetRun(output.Trim());
        Assert.Equal(RunStatus.Finished, run.Info.Status);
        Assert.Equal("ended at process exit", run.Info.StatusReason);
        Assert.Equal(50_000, run.Metrics.Single().Count);
    }
}

namespace Mlops.Benchmarks;

/// <summary>
/// <c>gc</c>: 1,000 runs x 10 metrics x 1,000 steps (10,000,000 points) logged through the API into a folder store; 90%
/// of the runs deleted (a bulk delete by filter) and purged with gc. Prints the store's size before and after, the gc's
/// time, and checks that a surviving run's report is byte-identical before and after.
/// </summary>
internal static class GcScenario
{
    private const int Runs = 1_000, Metrics = 10, Steps = 1_000;

    public static void Run()
    {
        var folder = Report.TempFolder("gc");
        try
        {
            var store = Path.Combine(folder, "store");
            var built = Report.Time(() =>
            {
                using var client = MlopsClient.Open(store);
                for (var r = 0; r < Runs; r++)
                {
                    using var run = client.StartRun($"trial-{r:D4}", "sweep");
                    run.LogParams(new { index = r, lr = 0.001 * (r % 50 + 1) });
                    for (var step = 0; step < Steps; step++)
                        for (var m = 0; m < Metrics; m++)
                            run.LogMetric($"metric_{m}", Math.Sin(r + step * 0.01 + m), step);
                }
            });
            Report.Note($"built {Runs:N0} runs x {Metrics} metrics x {Steps:N0} steps ({Runs * Metrics * Steps:N0} points) in {built.TotalSeconds:0.0} s");

            using var client = MlopsClient.OpenExisting(store);
            var survivor = client.ListRuns(RunFilter.Parse("params.index = 5")).Single().Info.Id.Value;
            var reportBefore = client.Reports.Run(survivor);
            var deleted = client.Lifecycle.DeleteRuns("not (name like '%5')");
            Report.Note($"deleted {deleted.Count:N0} runs (every run whose name does not end in 5)");
            var before = StoreBytes(store);
            GcReport gc = null!;
            var seconds = Report.Time(() => gc = client.Lifecycle.CollectGarbage(TimeSpan.Zero, dryRun: false)).TotalSeconds;
            var after = StoreBytes(store);
            Report.Note($"gc removed {gc.Runs:N0} runs, {gc.MetricPoints:N0} metric points, {gc.Blobs} stored files");
            Report.Result("gc.size_before_bytes", before, "bytes");
            Report.Result("gc.size_after_bytes", after, "bytes");
            Report.Result("gc.size_after_share", (double)after / before, "x");
            Report.Result("gc.seconds", seconds, "s");
            if (client.Reports.Run(survivor) != reportBefore) throw new InvalidOperationException("a surviving run's report changed with gc");
            if (client.ListRuns(new RunFilter(Limit: int.MaxValue)).Count != Runs - deleted.Count) throw new InvalidOperationException("gc removed a run it should have kept");
            Report.Note("a surviving run's report is byte-identical before and after; target: size after <= 0.2 of before");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static long StoreBytes(string store) =>
        new DirectoryInfo(store).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);
}

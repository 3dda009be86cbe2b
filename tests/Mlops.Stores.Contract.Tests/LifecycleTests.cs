using Microsoft.Extensions.Time.Testing;

namespace Mlops.Stores.Contract.Tests;

/// <summary>Delete, restore, rename and gc of runs and experiments, on every engine.</summary>
public class LifecycleTests
{
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 9, 0, 0, TimeSpan.Zero);

    private static (StoreUnderTest Store, LifecycleService Lifecycle, FakeTimeProvider Clock) Open(string engine)
    {
        var clock = new FakeTimeProvider(Start);
        var store = Engines.Open(engine, new TrackingOptions { Time = clock });
        return (store, For(store, clock), clock);
    }

    /// <summary>The lifecycle of a store, on the given clock.</summary>
    internal static LifecycleService For(StoreUnderTest store, TimeProvider clock) =>
        new(store.Tracking, new DatasetService(store.Datasets, clock, store.Tracking.Environment, new Dictionary<string, int>()), store.Registry, store.Tracking.Environment, clock);

    private static RunId Run(StoreUnderTest s, string name, string experiment = "churn", double auc = 0.8, string? artifact = null)
    {
        using var run = s.Tracking.StartRun(new RunStart(name, experiment));
        run.LogParam("lr", 0.1);
        for (var step = 0; step < 50; step++) run.LogMetric("auc", auc + step / 1000.0, step);
        if (artifact is not null) run.LogArtifact(artifact);
        return run.Id;
    }

    [Theory, MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void Deleted_runs_leave_lists_search_and_compare_and_come_back_with_restore(string engine)
    {
        var (s, lifecycle, _) = Open(engine);
        using var _ = s;
        var (a, b, c) = (Run(s, "a", auc: 0.7), Run(s, "b", auc: 0.8), Run(s, "c", auc: 0.9));

        Assert.Equal([b], lifecycle.DeleteRuns([b.Value[..8]]));

        Assert.Equal(new[] { a.Value, c.Value }.Order(), s.Tracking.ListRuns().Select(r => r.Info.Id.Value).Order());
        Assert.Empty(s.Tracking.ListRuns(RunFilter.Parse("metrics.auc > 0.8 and metrics.auc < 0.9")));
        Assert.Equal(3, s.Tracking.ListRuns(new RunFilter { IncludeDeleted = true }).Count);
        Assert.Equal(Start, s.Tracking.GetRun(b.Value).Info.DeletedAt);   // shown, marked deleted
        Assert.Equal(2, s.Tracking.ListExperiments().Single().Runs);
        var compare = Assert.Throws<MlopsException>(() => s.Tracking.Compare([a.Value, b.Value]));
        Assert.Contains($"run {b.Short} (b) is deleted; restore it", compare.Message);
        Assert.Equal(2, s.Tracking.Compare(filter: RunFilter.Parse("params.lr = 0.1")).Runs.Count);

        var again = Assert.Throws<MlopsException>(() => lifecycle.DeleteRuns([a.Value, b.Value]));
        Assert.Contains($"run {b.Short} (b) is already deleted", again.Message);
        Assert.Null(s.Tracking.GetRun(a.Value).Info.DeletedAt);   // nothing changed, a included
        Assert.Contains("is not deleted", Assert.Throws<MlopsException>(() => lifecycle.RestoreRuns([a.Value])).Message);
        Assert.Equal(MlopsErrorKind.NotFound, Assert.Throws<MlopsException>(() => lifecycle.DeleteRuns(["ffffffffff"])).Kind);

        Assert.Equal([b], lifecycle.RestoreRuns([b.Value]));
        Assert.Equal(3, s.Tracking.ListRuns().Count);
        Assert.Equal(["delete run", "restore run"], lifecycle.History().Select(e => $"{e.Action} {e.Kind}"));
        Assert.All(lifecycle.History(), e => Assert.Equal(b.Value, e.Target));
    }

    [Theory, MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void A_bulk_delete_by_filter_takes_what_it_selects_and_a_filter_selecting_nothing_changes_nothing(string engine)
    {
        var (s, lifecycle, _) = Open(engine);
        using var _ = s;
        for (var i = 0; i < 6; i++) Run(s, $"sweep-{i}", auc: 0.5 + i / 10.0);
        var running = s.Tracking.StartRun(new RunStart("live"));

        Assert.Equal(3, lifecycle.Matching("metrics.auc < 0.8 and name like 'sweep%'").Count);
        Assert.Equal(3, lifecycle.DeleteRuns("metrics.auc < 0.8 and name like 'sweep%'").Count);
        Assert.Equal(4, s.Tracking.ListRuns().Count);
        Assert.Contains("selects no run", Assert.Throws<MlopsException>(() => lifecycle.DeleteRuns("metrics.auc > 5")).Message);
        Assert.Contains("is running; end it", Assert.Throws<MlopsException>(() => lifecycle.DeleteRuns([running.Id.Value])).Message);
        Assert.Equal("metrics.auc < 0.8 and name like 'sweep%'", lifecycle.History().Select(e => e.Detail).Distinct().Single());
        running.End();
    }

    [Theory, MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void Experiments_are_deleted_restored_and_renamed_with_their_runs(string engine)
    {
        var (s, lifecycle, _) = Open(engine);
        using var _ = s;
        var old = Run(s, "old", "scratch");
        Run(s, "kept", "churn");

        lifecycle.DeleteExperiment("scratch");

        Assert.Equal(["churn"], s.Tracking.ListExperiments().Select(e => e.Experiment.Name));
        Assert.Equal(["churn", "scratch"], s.Tracking.ListExperiments(includeDeleted: true).Select(e => e.Experiment.Name));
        Assert.Equal(["kept"], s.Tracking.ListRuns().Select(r => r.Info.Name));
        Assert.Contains("experiment 'scratch' was deleted", Assert.Throws<MlopsException>(() => s.Tracking.StartRun(new RunStart("x", "scratch"))).Message);
        Assert.Contains("experiment 'scratch' is deleted, and its runs with it", Assert.Throws<MlopsException>(() => lifecycle.RestoreRuns([old.Value])).Message);
        Assert.Contains("already deleted", Assert.Throws<MlopsException>(() => lifecycle.DeleteExperiment("scratch")).Message);

        lifecycle.RestoreExperiment("scratch");
        Assert.Equal(2, s.Tracking.ListRuns().Count);

        lifecycle.RenameExperiment("scratch", "baselines");
        Assert.Equal("baselines", s.Tracking.GetRun(old.Value).Info.Experiment);
        Assert.Equal(MlopsErrorKind.AlreadyExists, Assert.Throws<MlopsException>(() => lifecycle.RenameExperiment("baselines", "churn")).Kind);
        Assert.Equal(MlopsErrorKind.NotFound, Assert.Throws<MlopsException>(() => lifecycle.RenameExperiment("nope", "other")).Kind);
        Assert.Equal(["delete experiment scratch", "restore experiment scratch", "rename experiment scratch baselines"],
            lifecycle.History().Select(e => $"{e.Action} {e.Kind} {e.Target}{(e.Detail is null ? "" : " " + e.Detail)}"));
    }

    [Theory, MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void Gc_purges_what_was_deleted_before_the_retention_and_files_nothing_refers_to(string engine)
    {
        var (s, lifecycle, clock) = Open(engine);
        using var _ = s;
        var shared = Path.Combine(s.Folder, "shared.bin");
        File.WriteAllBytes(shared, [1, 2, 3]);
        var only = Path.Combine(s.Folder, "only.bin");
        File.WriteAllBytes(only, [4, 5, 6, 7]);
        var (gone, keeper, young) = (Run(s, "gone", artifact: only), Run(s, "keeper", artifact: shared), Run(s, "young"));
        var alsoShared = Run(s, "also", artifact: shared);
        lifecycle.DeleteRuns([gone.Value, alsoShared.Value]);
        clock.Advance(TimeSpan.FromDays(10));
        lifecycle.DeleteRuns([young.Value]);
        clock.Advance(TimeSpan.FromDays(1));

        var dry = lifecycle.CollectGarbage(TimeSpan.FromDays(5), dryRun: true);
        Assert.Equal((2, 100L, 2, 1, 4L, true), (dry.Runs, dry.MetricPoints, dry.ArtifactRecords, dry.Blobs, dry.BlobBytes, dry.DryRun));
        Assert.Equal(4, s.Tracking.ListRuns(new RunFilter { IncludeDeleted = true }).Count);   // nothing changed

        var report = lifecycle.CollectGarbage(TimeSpan.FromDays(5), dryRun: false);

        Assert.Equal((2, 100L, 2, 1, 4L), (report.Runs, report.MetricPoints, report.ArtifactRecords, report.Blobs, report.BlobBytes));
        Assert.Equal(new[] { young.Value, keeper.Value }.Order(), s.Tracking.ListRuns(new RunFilter { IncludeDeleted = true }).Select(r => r.Info.Id.Value).Order());
        using (var stream = s.Store.OpenArtifact(keeper, "shared.bin")) Assert.Equal(1, stream.ReadByte());   // still referenced: kept
        Assert.Equal(50, s.Tracking.GetMetricHistory(keeper.Value, "auc").Count);
        Assert.Equal(MlopsErrorKind.NotFound, Assert.Throws<MlopsException>(() => s.Tracking.GetRun(gone.Value)).Kind);
        Assert.Contains("was purged by gc", Assert.Throws<MlopsException>(() => lifecycle.RestoreRuns([gone.Value])).Message);
        Assert.Equal(2, lifecycle.History().Count(e => e.Action == "purge"));
        Assert.Equal(0, lifecycle.CollectGarbage(TimeSpan.FromDays(5), dryRun: false).Runs);   // nothing left to do
        Assert.Equal(1, lifecycle.CollectGarbage(TimeSpan.Zero, dryRun: false).Runs);
    }

    [Theory, MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void Gc_never_purges_a_run_a_model_version_was_registered_from(string engine)
    {
        var (s, lifecycle, clock) = Open(engine);
        using var _ = s;
        var model = Path.Combine(s.Folder, "model.zip");
        File.WriteAllBytes(model, [9, 9, 9]);
        var run = Run(s, "trained", artifact: model);
        var artifact = s.Tracking.GetRun(run.Value).Artifacts.Single();
        s.Registry.RegisterVersion(new ModelVersion("churn", 0, run, artifact.Name, artifact.Digest, artifact.Size,
            new ModelSignature([], [], ModelTask.Regression, "y"), new Dictionary<string, double>(), new Dictionary<string, string>(), [], null, "ds", Start));
        lifecycle.DeleteRuns([run.Value]);
        clock.Advance(TimeSpan.FromDays(60));

        var report = lifecycle.CollectGarbage(TimeSpan.FromDays(30), dryRun: false);

        Assert.Equal((0, 1, 0), (report.Runs, report.KeptForModels, report.Blobs));
        using var stream = s.Store.OpenArtifact(run, "model.zip");
        Assert.Equal(9, stream.ReadByte());
    }

    [Theory]
    [InlineData("30d", 30 * 24 * 60)]
    [InlineData("12h", 12 * 60)]
    [InlineData("90m", 90)]
    [InlineData("0d", 0)]
    public void Retention_is_days_hours_or_minutes(string text, int minutes) => Assert.Equal(TimeSpan.FromMinutes(minutes), Retention.Parse(text));

    [Theory]
    [InlineData("30")]
    [InlineData("1w")]
    [InlineData("-1d")]
    [InlineData("d")]
    public void A_retention_in_another_form_is_refused(string text) =>
        Assert.Contains("give a number of days, hours or minutes", Assert.Throws<MlopsException>(() => Retention.Parse(text)).Message);
}

using Microsoft.Extensions.Time.Testing;

namespace Mlops.Stores.Contract.Tests;

/// <summary>Deleting, restoring and purging dataset versions, on every engine.</summary>
public class DatasetLifecycleTests
{
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 9, 0, 0, TimeSpan.Zero);

    private sealed class Setup : IDisposable
    {
        public Setup(string engine)
        {
            Store = Engines.Open(engine, new TrackingOptions { Time = Clock });
            Datasets = new DatasetService(Store.Datasets, Clock, Store.Tracking.Environment, new Dictionary<string, int>());
            Lifecycle = LifecycleTests.For(Store, Clock);
        }

        public FakeTimeProvider Clock { get; } = new(Start);

        public StoreUnderTest Store { get; }

        public DatasetService Datasets { get; }

        public LifecycleService Lifecycle { get; }

        public DatasetVersion Commit(IEnumerable<(long, string, double)> rows, RunId? run = null) =>
            Datasets.Commit("people", DatasetFixture.People(rows), run: run).Version;

        public List<string> Rows(string reference)
        {
            using var reader = Datasets.Open(reference);
            var rows = new List<string>();
            while (reader.Read()) rows.Add($"{reader.GetInt64(0)}|{reader.GetString(1)}|{reader.GetDouble(2)}");
            rows.Sort(StringComparer.Ordinal);
            return rows;
        }

        public void Dispose() => Store.Dispose();
    }

    private static IEnumerable<(long, string, double)> People(int from, int count, string tag = "p") =>
        Enumerable.Range(from, count).Select(i => ((long)i, $"{tag}{i}", i / 4.0));

    [Theory, MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void A_deleted_version_leaves_the_log_and_references_and_comes_back_with_restore(string engine)
    {
        using var s = new Setup(engine);
        s.Commit(People(0, 10));
        s.Commit(People(0, 12));
        var v3 = s.Commit(People(0, 15));

        Assert.Equal(2, s.Lifecycle.DeleteDatasetVersion("people@2").Number);

        Assert.Equal([3, 1], s.Datasets.Log("people").Select(v => v.Number));
        Assert.Equal([3, 2, 1], s.Datasets.Log("people", includeDeleted: true).Select(v => v.Number));
        Assert.Equal(Start, s.Datasets.Log("people", includeDeleted: true)[1].DeletedAt);
        var resolve = Assert.Throws<MlopsException>(() => s.Datasets.Resolve("people@2"));
        Assert.Contains("people@2 was deleted at 2026-06-01 09:00Z; restore it first", resolve.Message);
        Assert.Equal(2, s.Datasets.List().Single().Versions);
        Assert.Contains("already deleted", Assert.Throws<MlopsException>(() => s.Lifecycle.DeleteDatasetVersion("people@2")).Message);
        Assert.Contains("is not deleted", Assert.Throws<MlopsException>(() => s.Lifecycle.RestoreDatasetVersion("people@3")).Message);
        Assert.Equal(MlopsErrorKind.NotFound, Assert.Throws<MlopsException>(() => s.Lifecycle.DeleteDatasetVersion("people@9")).Kind);
        Assert.Equal(MlopsErrorKind.NotFound, Assert.Throws<MlopsException>(() => s.Lifecycle.DeleteDatasetVersion("nobody@1")).Kind);
        Assert.Contains("name the version by number", Assert.Throws<MlopsException>(() => s.Lifecycle.DeleteDatasetVersion("people")).Message);

        s.Lifecycle.RestoreDatasetVersion("people@2");
        Assert.Equal([3, 2, 1], s.Datasets.Log("people").Select(v => v.Number));
        Assert.Equal(12, s.Rows("people@2").Count);

        // the latest deleted: the one before it is the latest; its content committed again is a new version
        s.Lifecycle.DeleteDatasetVersion("people@3");
        Assert.Equal(2, s.Datasets.Resolve("people").Number);
        Assert.Equal(2, s.Datasets.List().Single().Latest.Number);
        var again = s.Datasets.Commit("people", DatasetFixture.People(People(0, 15)));
        Assert.False(again.Unchanged);
        Assert.Equal((4, v3.Digest), (again.Version.Number, again.Version.Digest));
        Assert.Equal(s.Rows("people@4"), s.Rows("people@1").Concat(People(10, 5).Select(p => $"{p.Item1}|{p.Item2}|{p.Item3}")).Order(StringComparer.Ordinal));
        Assert.True(s.Datasets.Commit("people", DatasetFixture.People(People(0, 15))).Unchanged);   // equal to the latest: that version

        Assert.Equal(["delete dataset version people@2", "restore dataset version people@2", "delete dataset version people@3"],
            s.Lifecycle.History().Select(e => $"{e.Action} {e.Kind} {e.Target}"));
    }

    [Theory, MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void A_version_runs_model_versions_or_decisions_use_is_not_deleted_and_the_message_names_them(string engine)
    {
        using var s = new Setup(engine);
        using (var run = s.Store.Tracking.StartRun(new RunStart("prep", "churn")))
        {
            s.Commit(People(0, 10), run.Id);
        }
        var prep = s.Store.Tracking.ListRuns().Single().Info;
        var v2 = s.Commit(People(0, 11));
        var v3 = s.Commit(People(0, 12));
        s.Store.Registry.RegisterVersion(new ModelVersion("churn", 0, prep.Id, "model.zip", new string('a', 64), 3,
            new ModelSignature([], [], ModelTask.Regression, "y"), new Dictionary<string, double>(), new Dictionary<string, string>(),
            [new RunInput("people", 2, v2.Digest, DatasetUse.Loaded, Start)], null, "ds", Start));
        s.Store.Registry.AppendDecision(new PromotionDecision(0, "churn", "prod", DecisionOutcome.GateFailed, 1, null, "people", 3, v3.Digest, "r2 >= 0.9", [],
            new Dictionary<string, double>(), new Dictionary<string, double>(), null, "ds", Start));

        var byRun = Assert.Throws<MlopsException>(() => s.Lifecycle.DeleteDatasetVersion("people@1"));
        Assert.Equal(MlopsErrorKind.InvalidState, byRun.Kind);
        Assert.Contains($"1 run that is not deleted used it ({prep.Id.Short} prep); delete it first (mlops runs delete {prep.Id.Short})", byRun.Message);
        Assert.Contains("model version churn/1 came from a run that used it", Assert.Throws<MlopsException>(() => s.Lifecycle.DeleteDatasetVersion("people@2")).Message);
        Assert.Contains("1 promotion decision re-scored models on it (#", Assert.Throws<MlopsException>(() => s.Lifecycle.DeleteDatasetVersion("people@3")).Message);
        Assert.Equal([3, 2, 1], s.Datasets.Log("people").Select(v => v.Number));   // nothing changed
        Assert.Empty(s.Lifecycle.History());

        s.Lifecycle.DeleteRuns([prep.Id.Value]);
        s.Lifecycle.DeleteDatasetVersion("people@1");   // its run is deleted now
        Assert.Equal([3, 2], s.Datasets.Log("people").Select(v => v.Number));
    }

    [Theory, MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void Gc_removes_the_rows_only_purged_versions_held_keeps_their_numbers_and_refuses_to_restore_them(string engine)
    {
        using var s = new Setup(engine);
        s.Commit(People(0, 100));
        s.Commit(People(0, 100).Concat(People(1000, 500, "only2")));   // 500 rows only version 2 has
        s.Commit(People(0, 100).Concat(People(2000, 300, "new3")));
        var (v1, v3) = (s.Rows("people@1"), s.Rows("people@3"));
        s.Lifecycle.DeleteDatasetVersion("people@2");
        s.Clock.Advance(TimeSpan.FromDays(10));

        var dry = s.Lifecycle.CollectGarbage(TimeSpan.FromDays(5), dryRun: true);
        Assert.Equal((1, 500L, true), (dry.DatasetVersions, dry.DatasetRows, dry.DryRun));
        s.Lifecycle.RestoreDatasetVersion("people@2");   // a dry run changed nothing
        Assert.Equal(600, s.Rows("people@2").Count);
        s.Lifecycle.DeleteDatasetVersion("people@2");
        Assert.Equal(0, s.Lifecycle.CollectGarbage(TimeSpan.FromDays(5), dryRun: false).DatasetVersions);   // deleted just now
        s.Clock.Advance(TimeSpan.FromDays(10));

        var report = s.Lifecycle.CollectGarbage(TimeSpan.FromDays(5), dryRun: false);

        Assert.Equal((1, 500L, 0), (report.DatasetVersions, report.DatasetRows, report.KeptDatasetVersions));
        Assert.Equal(v1, s.Rows("people@1"));
        Assert.Equal(v3, s.Rows("people@3"));
        var purged = s.Datasets.Log("people", includeDeleted: true).Single(v => v.Number == 2);
        Assert.Equal((Start.AddDays(20), 600L), (purged.PurgedAt, purged.Rows));   // its record stays
        Assert.Contains("was purged by gc", Assert.Throws<MlopsException>(() => s.Lifecycle.RestoreDatasetVersion("people@2")).Message);
        Assert.Contains("purged by gc", Assert.Throws<MlopsException>(() => s.Datasets.Resolve("people@2")).Message);
        Assert.Contains("purge dataset version people@2", s.Lifecycle.History().Select(e => $"{e.Action} {e.Kind} {e.Target}"));
        Assert.Equal(0, s.Lifecycle.CollectGarbage(TimeSpan.Zero, dryRun: false).DatasetVersions);   // nothing left to do

        // the latest version purged: the next commit is numbered after it and reads back whole
        s.Lifecycle.DeleteDatasetVersion("people@3");
        s.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal((1, 300L), (s.Lifecycle.CollectGarbage(TimeSpan.Zero, dryRun: false) is var r ? (r.DatasetVersions, r.DatasetRows) : default));
        var v4 = s.Commit(People(0, 100).Concat(People(2000, 300, "new3")).Concat(People(5000, 7, "new4")));
        Assert.Equal(4, v4.Number);
        Assert.Equal(v3.Concat(People(5000, 7, "new4").Select(p => $"{p.Item1}|{p.Item2}|{p.Item3}")).Order(StringComparer.Ordinal), s.Rows("people@4"));
        Assert.Equal(v1, s.Rows("people@1"));
    }

    [Theory, MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void Gc_keeps_a_deleted_version_a_remaining_run_used(string engine)
    {
        using var s = new Setup(engine);
        RunId id;
        using (var run = s.Store.Tracking.StartRun(new RunStart("prep", "churn")))
        {
            s.Commit(People(0, 10), run.Id);
            id = run.Id;
        }
        s.Commit(People(0, 20));
        s.Lifecycle.DeleteRuns([id.Value]);
        s.Lifecycle.DeleteDatasetVersion("people@1");
        s.Lifecycle.RestoreRuns([id.Value]);   // the run is back, and with it its use of version 1
        s.Clock.Advance(TimeSpan.FromMinutes(1));

        var report = s.Lifecycle.CollectGarbage(TimeSpan.Zero, dryRun: false);

        Assert.Equal((0, 1), (report.DatasetVersions, report.KeptDatasetVersions));
        s.Lifecycle.RestoreDatasetVersion("people@1");
        Assert.Equal(10, s.Rows("people@1").Count);
    }
}

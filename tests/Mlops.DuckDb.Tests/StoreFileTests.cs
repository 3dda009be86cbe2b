using DuckDB.NET.Data;

namespace Mlops.DuckDb.Tests;

public class StoreFileTests
{
    [Fact]
    public void Two_spellings_of_one_store_share_one_database_and_lose_nothing()
    {
        using var temp = new TempFolder();
        var folder = temp.Combine("store");
        Directory.CreateDirectory(temp.Combine("sub"));
        File.CreateSymbolicLink(temp.Combine("link"), temp.Path);
        using var plain = DuckDbStore.Open(folder);
        using var dotted = DuckDbStore.Open(temp.Combine("sub", "..", ".", "store"));
        using var linked = DuckDbStore.Open(Path.Combine(temp.Combine("link"), "store"));

        Assert.Equal(plain.DatabasePath, dotted.DatabasePath);
        Assert.Equal(plain.DatabasePath, linked.DatabasePath);
        using var a = new TrackingService(plain);
        using var b = new TrackingService(dotted);
        a.StartRun(new RunStart("from-plain")).End();
        b.StartRun(new RunStart("from-dotted")).End();

        using var reopened = DuckDbStore.Open(folder);
        Assert.Equal(["from-dotted", "from-plain"], reopened.ListRuns(new RunFilter()).Select(r => r.Info.Name).Order());
    }

    [Fact]
    public void Status_names_DuckDB_and_the_latest_schema_and_runs_record_its_version()
    {
        using var temp = new TempFolder();
        using var store = DuckDbStore.Open(temp.Combine("store"));
        using var tracking = new TrackingService(store, new TrackingOptions { Environment = new SystemEnvironmentProbe(temp.Path) });
        var run = tracking.StartRun(new RunStart("r"));
        var status = tracking.GetStatus();
        Assert.Equal(Schema.Latest, status.SchemaVersion);
        Assert.StartsWith("DuckDB v1.5", status.Engine);
        Assert.Equal(RepoFiles.PackageVersion("DuckDB.NET.Data.Full"), tracking.GetRun(run.Id.Value).Environment!.Assemblies["DuckDB.NET"]);
        run.End();
    }

    [Fact]
    public void A_store_from_an_older_schema_is_migrated_forward_keeping_its_data()
    {
        using var temp = new TempFolder();
        var folder = temp.Combine("store");
        using (var v1 = DuckDbStore.Open(folder))
        using (var tracking = new TrackingService(v1))
            tracking.StartRun(new RunStart("old")).End();

        var next = new Migration(Schema.Latest + 1, "test: run labels", "CREATE TABLE run_labels (run_id VARCHAR, label VARCHAR)");
        var file = DuckDbFile.Acquire(Path.Combine(folder, DuckDbStore.DatabaseFileName));
        var version = file.Use(c => Migrator.Apply(c, [.. Schema.Migrations, next], folder, DateTimeOffset.UtcNow), TimeSpan.FromSeconds(5));

        Assert.Equal(Schema.Latest + 1, version);
        file.Use(c =>
        {
            Assert.Equal(Schema.Latest + 1, c.Scalar<int>("SELECT max(version) FROM mlops_schema"));
            Assert.Equal(0, c.Scalar<long>("SELECT count(*) FROM run_labels"));
            Assert.Equal("old", c.Scalar<string>("SELECT name FROM runs"));
        }, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void A_version_1_store_opens_at_the_latest_version_with_its_runs_and_metrics_and_takes_datasets()
    {
        using var temp = new TempFolder();
        var folder = temp.Combine("store");
        Directory.CreateDirectory(folder);
        var file = DuckDbFile.Acquire(Path.Combine(folder, DuckDbStore.DatabaseFileName));
        file.Use(c =>
        {
            Migrator.Apply(c, [Schema.Migrations[0]], folder, DateTimeOffset.UtcNow);   // a store as the first release wrote it
            c.Execute("INSERT INTO experiments VALUES ('e1', 'old-experiment', now())");
            c.Execute("INSERT INTO runs (run_id, experiment_id, name, status, start_time) VALUES ('0123456789abcdef0123456789abcdef', 'e1', 'old-run', 'finished', now())");
            c.Execute("INSERT INTO metrics SELECT run_key, 'loss', 3, now(), 0.5 FROM runs UNION ALL SELECT run_key, 'loss', 1, now(), 0.9 FROM runs");
        }, TimeSpan.FromSeconds(5));

        using var store = DuckDbStore.Open(folder);
        using var tracking = new TrackingService(store);
        var datasets = new DatasetService(store, TimeProvider.System, new SystemEnvironmentProbe());

        Assert.Equal(Schema.Latest, store.SchemaVersion);
        var old = tracking.GetRun("01234567");
        Assert.Equal("old-run", old.Info.Name);
        Assert.Equal((0.5, 3L, 0.5, 0.9, 2L), (old.Metrics.Single().Latest, old.Metrics.Single().LatestStep, old.Metrics.Single().Min, old.Metrics.Single().Max, old.Metrics.Single().Count));
        Assert.Equal(1, datasets.Commit("new-data", new RowsSource("rows", [new TableColumn("x", "BIGINT")], [[1L]])).Version.Number);
    }

    [Fact]
    public void A_store_from_a_newer_version_is_refused_unchanged()
    {
        using var temp = new TempFolder();
        var folder = temp.Combine("store");
        DuckDbStore.Open(folder).Dispose();
        var file = Path.Combine(folder, DuckDbStore.DatabaseFileName);
        DuckDbFile.Acquire(file).Use(c => c.Execute("INSERT INTO mlops_schema VALUES (99, 'future', now())"), TimeSpan.FromSeconds(5));
        var before = File.ReadAllBytes(file);

        var e = Assert.Throws<MlopsException>(() => DuckDbStore.Open(folder));
        Assert.Equal(MlopsErrorKind.StoreUnavailable, e.Kind);
        Assert.Contains("schema version 99", e.Message);
        Assert.Contains("Upgrade", e.Message);
        Assert.Equal(before, File.ReadAllBytes(file));
    }

    [Fact]
    public void A_damaged_store_file_is_reported_and_left_as_it_was()
    {
        using var temp = new TempFolder();
        var folder = temp.Combine("store");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, DuckDbStore.DatabaseFileName);
        var garbage = new byte[8192];
        new Random(1).NextBytes(garbage);
        File.WriteAllBytes(file, garbage);

        var e = Assert.Throws<MlopsException>(() => DuckDbStore.Open(folder));
        Assert.Equal(MlopsErrorKind.StoreUnavailable, e.Kind);
        Assert.Contains(file, e.Message);
        Assert.Contains("Nothing was changed", e.Message);
        Assert.Equal(garbage, File.ReadAllBytes(file));
    }

    [Fact]
    public void A_foreign_DuckDB_database_is_not_taken_over()
    {
        using var temp = new TempFolder();
        var folder = temp.Combine("store");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, DuckDbStore.DatabaseFileName);
        using (var c = new DuckDBConnection($"Data Source={file}"))
        {
            c.Open();
            c.Execute("CREATE TABLE sales (id INTEGER)");
        }

        var e = Assert.Throws<MlopsException>(() => DuckDbStore.Open(folder));
        Assert.Contains("not an Mlops store", e.Message);
        Assert.Contains("sales", e.Message);
        DuckDbFile.Acquire(file).Use(c => Assert.Equal(["sales"], c.Query("SELECT table_name FROM information_schema.tables", r => r.GetString(0))), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void The_store_file_is_attached_to_a_kept_instance_that_spills_beside_the_file()
    {
        using var temp = new TempFolder();
        using var store = DuckDbStore.Open(temp.Combine("store"));
        var file = DuckDbFile.Acquire(store.DatabasePath);

        var (database, spill) = file.Use(c => (c.Scalar<string>("SELECT current_database()"), c.Scalar<string>("SELECT current_setting('temp_directory')")), TimeSpan.FromSeconds(5));
        Assert.Equal("store", database);
        Assert.Equal(store.DatabasePath + ".tmp", spill);

        // detached and attached again (the lock's release between is what the two-process tests check)
        file.CloseIdle();
        Assert.Equal(("store", store.DatabasePath + ".tmp"),
            file.Use(c => (c.Scalar<string>("SELECT current_database()"), c.Scalar<string>("SELECT current_setting('temp_directory')")), TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void An_unwritable_store_location_says_so()
    {
        using var temp = new TempFolder();
        var blocker = temp.Combine("a-file");
        File.WriteAllText(blocker, "not a folder");

        var onFile = Assert.Throws<MlopsException>(() => DuckDbStore.Open(blocker));
        Assert.Equal(MlopsErrorKind.StoreUnavailable, onFile.Kind);
        Assert.Contains("cannot be written", onFile.Message);
        var under = Assert.Throws<MlopsException>(() => DuckDbStore.Open(Path.Combine(blocker, "store")));
        Assert.Contains("cannot be written", under.Message);
        Assert.Contains("#!mlops use", under.Message);
    }
}

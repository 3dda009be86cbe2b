using DuckDB.NET.Data;

namespace Mlops.DuckDb.Tests;

/// <summary>Another DuckDB client reads any dataset version by name, with its real column names.</summary>
public class DatasetViewsTests
{
    [Fact]
    public void A_plain_DuckDB_connection_reads_every_version_and_the_latest_by_name()
    {
        using var temp = new TempFolder();
        var folder = temp.Combine("store");
        List<string> v1Rows;
        string v2Digest;
        using (var store = DuckDbStore.Open(folder))
        {
            var datasets = new DatasetService(store, TimeProvider.System, new SystemEnvironmentProbe(temp.Path));
            datasets.Commit("people", DatasetFixture.People([(1, "ann", 0.5), (2, "bob", 0.7)]));
            v2Digest = datasets.Commit("people", new RowsSource("rows", [.. DatasetFixture.PeopleColumns, new TableColumn("city", "VARCHAR")],
                [[1L, "ann", 0.6, "oslo"], [3L, "cy", 0.9, null]])).Version.Digest;
            using var reader = datasets.Open("people@1");
            v1Rows = [];
            while (reader.Read()) v1Rows.Add($"{reader.GetInt64(0)}|{reader.GetString(1)}|{reader.GetDouble(2)}");
        }

        using var outside = new DuckDBConnection($"Data Source={Path.Combine(folder, DuckDbStore.DatabaseFileName)};ACCESS_MODE=READ_ONLY");
        outside.Open();
        Assert.Equal(["id", "name", "score"], outside.Query("SELECT column_name FROM (DESCRIBE SELECT * FROM datasets.\"people@1\")", r => r.GetString(0)));
        Assert.Equal(v1Rows, outside.Query("SELECT id, name, score FROM datasets.\"people@1\" ORDER BY id", r => $"{r.GetInt64(0)}|{r.GetString(1)}|{r.GetDouble(2)}"));
        Assert.Equal(["1|ann|oslo", "3|cy|"], outside.Query("SELECT id, name, city FROM datasets.people ORDER BY id", r => $"{r.GetInt64(0)}|{r.GetString(1)}|{(r.IsDBNull(2) ? "" : r.GetString(2))}"));
        Assert.Equal([(1, 2L), (2, 2L)], outside.Query("SELECT version, \"rows\" FROM datasets.versions WHERE dataset = 'people' ORDER BY version", r => (r.GetInt32(0), r.GetInt64(1))));
        Assert.Equal(v2Digest, outside.Scalar<string>("SELECT digest FROM datasets.versions WHERE dataset = 'people' AND version = 2"));
    }

    [Fact]
    public void A_store_from_before_the_views_gets_them_when_it_is_opened()
    {
        using var temp = new TempFolder();
        var folder = temp.Combine("store");
        using (var store = DuckDbStore.Open(folder))
        {
            new DatasetService(store, TimeProvider.System, new SystemEnvironmentProbe(temp.Path)).Commit("people", DatasetFixture.People([(1, "ann", 0.5)]));
            store.Use(c => c.Execute("DROP SCHEMA datasets CASCADE; DELETE FROM mlops_schema WHERE version >= 6"));
        }
        using (DuckDbStore.Open(folder)) { }

        using var outside = new DuckDBConnection($"Data Source={Path.Combine(folder, DuckDbStore.DatabaseFileName)};ACCESS_MODE=READ_ONLY");
        outside.Open();
        Assert.Equal("ann", outside.Scalar<string>("SELECT name FROM datasets.\"people@1\""));
        Assert.Equal("ann", outside.Scalar<string>("SELECT name FROM datasets.people"));
    }

    [Fact]
    public void A_deleted_version_leaves_the_views_and_comes_back_with_restore()
    {
        using var temp = new TempFolder();
        var folder = temp.Combine("store");
        using var store = DuckDbStore.Open(folder);
        var tracking = new TrackingService(store, new TrackingOptions { Environment = new SystemEnvironmentProbe(temp.Path) });
        var datasets = new DatasetService(store, TimeProvider.System, tracking.Environment, new Dictionary<string, int>());
        var lifecycle = new LifecycleService(tracking, datasets, store, tracking.Environment, TimeProvider.System);
        datasets.Commit("people", DatasetFixture.People([(1, "ann", 0.5)]));
        datasets.Commit("people", DatasetFixture.People([(1, "ann", 0.5), (2, "bob", 0.7)]));
        List<string> Views() => store.Use(c => c.Query("SELECT view_name FROM duckdb_views() WHERE schema_name = 'datasets' AND view_name LIKE 'people%' ORDER BY 1", r => r.GetString(0)));
        long Latest() => store.Use(c => c.Scalar<long>("SELECT count(*) FROM datasets.people"));
        List<int> Listed() => store.Use(c => c.Query("SELECT version FROM datasets.versions WHERE dataset = 'people' ORDER BY 1", r => r.GetInt32(0)));

        lifecycle.DeleteDatasetVersion("people@2");
        Assert.Equal(["people", "people@1"], Views());
        Assert.Equal(1, Latest());   // the latest view is on version 1
        Assert.Equal([1], Listed());

        lifecycle.RestoreDatasetVersion("people@2");
        Assert.Equal(["people", "people@1", "people@2"], Views());
        Assert.Equal(2, Latest());
        Assert.Equal([1, 2], Listed());

        lifecycle.DeleteDatasetVersion("people@2");
        lifecycle.DeleteDatasetVersion("people@1");
        Assert.Empty(Views());   // every version deleted: no view names the dataset
        Assert.Empty(Listed());
        tracking.Dispose();
    }
}

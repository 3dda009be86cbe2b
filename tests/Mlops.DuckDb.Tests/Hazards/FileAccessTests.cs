namespace Mlops.DuckDb.Tests;

/// <summary>How work in one process shares a store file: flows of work, awaits, other threads, and the instances kept.</summary>
public class FileAccessTests
{
    [Fact]
    public async Task A_reader_kept_open_across_an_await_does_not_lock_its_own_flow_out()
    {
        using var s = Engines.Open("file");
        var datasets = new DatasetService(s.Store, TimeProvider.System, new SystemEnvironmentProbe(s.Folder));
        datasets.Commit("points", new RowsSource("rows", [new TableColumn("x", "INTEGER")], [[1], [2]]));

        using var reader = datasets.Open("points@1");
        Assert.True(reader.Read());
        await Task.Yield();   // continues on a pool thread
        var listed = await Task.Run(() => datasets.List());   // another thread, same flow of work
        Assert.Equal("points", Assert.Single(listed).Name);
        Assert.True(reader.Read());
    }

    [Fact]
    public void Another_flow_waits_for_a_held_file_at_most_the_lock_timeout_and_is_told_what_holds_it()
    {
        using var folder = new TempFolder();
        using var store = DuckDbStore.Open(folder.Combine("store"), new DuckDbStoreOptions { LockTimeout = TimeSpan.FromMilliseconds(300) });
        var datasets = new DatasetService(store, TimeProvider.System, new SystemEnvironmentProbe(folder.Path));
        datasets.Commit("points", new RowsSource("rows", [new TableColumn("x", "INTEGER")], [[1]]));
        using var reader = datasets.Open("points@1");

        MlopsException? error = null;
        using (ExecutionContext.SuppressFlow())
        {
            var other = new Thread(() =>
            {
                try { datasets.List(); }
                catch (MlopsException e) { error = e; }
            });
            other.Start();
            Assert.True(other.Join(TimeSpan.FromSeconds(30)), "the other thread deadlocked on the held file");
        }
        Assert.NotNull(error);
        Assert.Equal(MlopsErrorKind.StoreUnavailable, error!.Kind);
        Assert.Contains("Dispose dataset readers", error.Message);
    }

    [Fact]
    public void Disposing_the_last_store_on_a_file_drops_the_process_instance_of_it()
    {
        using var folder = new TempFolder();
        string FileOf(string store) => Path.Combine(folder.Combine(store), DuckDbStore.DatabaseFileName);
        var first = DuckDbStore.Open(folder.Combine("a"));
        var second = DuckDbStore.Open(folder.Combine("a"));
        var third = DuckDbStore.Open(folder.Combine("b"));
        Assert.True(DuckDbFile.IsKept(FileOf("a")));
        Assert.True(DuckDbFile.IsKept(FileOf("b")));

        first.Dispose();
        Assert.True(DuckDbFile.IsKept(FileOf("a")));   // the second store still uses it
        second.Dispose();
        third.Dispose();
        Assert.False(DuckDbFile.IsKept(FileOf("a")));
        Assert.False(DuckDbFile.IsKept(FileOf("b")));
        using var again = DuckDbStore.Open(folder.Combine("a"));   // and it opens again
        Assert.Equal(0, again.GetStatus().Runs);
    }
}

namespace Mlops.DuckDb.Tests;

/// <summary>What is DuckDB's own: a commit interrupted inside its transaction (the embedded store's fault hook).</summary>
public class DatasetFaultTests
{
    [Theory]
    [InlineData("after schema")]
    [InlineData("after rows")]
    [InlineData("after version")]
    public void A_commit_that_fails_midway_leaves_no_version_and_no_rows(string failAt)
    {
        using var f = new DatasetFixture();
        f.Datasets.Commit("people", DatasetFixture.People([(1, "a", 1), (2, "b", 2)]), key: ["id"]);
        var before = f.Rows("people@1");
        f.Store.CommitFault = point => { if (point == failAt) throw new IOException("disk full"); };

        Assert.Throws<IOException>(() => f.Datasets.Commit("people", new RowsSource("people",
            [.. DatasetFixture.PeopleColumns, new TableColumn("extra", "VARCHAR")], [[1L, "a", 1.5, "x"], [3L, "c", 3.0, "y"]])));

        f.Store.CommitFault = null;
        Assert.Single(f.Datasets.Log("people"));
        Assert.Equal(before, f.Rows("people@1"));
        f.Store.Use(c => Assert.Equal(2, c.Scalar<long>("SELECT count(*) FROM ds_1")));
        var retried = f.Datasets.Commit("people", DatasetFixture.People([(1, "a", 1.5), (3, "c", 3)]));
        Assert.Equal(2, retried.Version.Number);
    }
}

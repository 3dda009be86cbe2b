namespace Mlops.Stores.Contract.Tests;

/// <summary>The same content on two engines: the same digest, and the same diff, profile and drift.</summary>
public class CrossEngineTests
{
    [Fact]
    public void A_file_committed_to_DuckDB_and_to_PostgreSQL_has_one_digest_and_the_same_statistics()
    {
        using var duck = new DatasetFixture(Engines.DuckDbFile);
        using var team = new DatasetFixture(Engines.Postgres);
        var header = "id,city,price,rooms,sold,at,flag,ratio";
        string[] v1 = ["1,Oslo,120.5,3,2024-01-03,2024-01-03 10:00:00,true,0.25", "2,Bergen,80,2,2024-02-10,2024-02-10 11:30:00,false,", "3,,99.9,4,2023-12-31,2023-12-31 23:59:59,true,1e-3"];
        string[] v2 = ["1,Oslo,125.0,3,2024-01-03,2024-01-03 10:00:00,true,0.25", "3,,99.9,4,2023-12-31,2023-12-31 23:59:59,true,1e-3", "4,Tromsø,300,5,2024-03-01,2024-03-01 08:15:00,false,0.5"];
        var results = new[] { duck, team }.Select(f =>
        {
            var first = f.Datasets.Commit("homes", FileSource.For(f.Csv("v1.csv", header, v1)), key: ["id"]);
            var second = f.Datasets.Commit("homes", FileSource.For(f.Csv("v2.csv", header, v2)));
            var diff = f.Datasets.Diff("homes@1", "homes@2");
            var byTwo = f.Datasets.Diff("homes@2", "homes@1", key: ["rooms", "id"]);
            var profile = f.Datasets.Profile("homes@2");
            var drift = f.Datasets.Drift("homes@1", "homes@2");
            return (First: first.Version, Second: second.Version, Diff: diff, ByTwo: byTwo, Profile: profile, Drift: drift, Rows: f.Rows("homes@2"));
        }).ToArray();

        var (d, t) = (results[0], results[1]);
        Assert.Equal(d.First.Digest, t.First.Digest);
        Assert.Equal(d.Second.Digest, t.Second.Digest);
        Assert.Equal(d.First.Columns, t.First.Columns);
        Assert.Equal((d.Second.Added, d.Second.Removed, d.Second.Changed), (t.Second.Added, t.Second.Removed, t.Second.Changed));
        Assert.Equal(d.Rows, t.Rows);
        Assert.Equal((d.Diff.Added, d.Diff.Removed, d.Diff.Changed, d.Diff.Unchanged), (t.Diff.Added, t.Diff.Removed, t.Diff.Changed, t.Diff.Unchanged));
        Assert.Equal(d.Diff.ChangedCells, t.Diff.ChangedCells);
        // the samples too, value for value and in the same order (by key), dates and timestamps included
        foreach (var (a, b) in new[] { (d.Diff, t.Diff), (d.ByTwo, t.ByTwo) })
        {
            Assert.NotEmpty(a.SampleCells);
            Assert.Equal(a.SampleCells, b.SampleCells);
            Assert.Equal(a.SampleAdded.Select(r => r.ToArray()), b.SampleAdded.Select(r => r.ToArray()));
            Assert.Equal(a.SampleRemoved.Select(r => r.ToArray()), b.SampleRemoved.Select(r => r.ToArray()));
            Assert.NotEmpty(a.SampleAdded);
        }
        Assert.Equal("id=1", d.Diff.SampleCells[0].Key);
        Assert.Equal("rooms=3, id=1", d.ByTwo.SampleCells[0].Key);
        Assert.Equal(d.Profile.Columns.Select(c => (c.Name, c.Type, c.Nulls, c.Distinct, c.Min, c.Max, c.Mean, c.Std)),
            t.Profile.Columns.Select(c => (c.Name, c.Type, c.Nulls, c.Distinct, c.Min, c.Max, c.Mean, c.Std)));
        Assert.Equal(d.Drift.Columns.Select(c => (c.Name, Math.Round(c.Psi, 9), c.KsPValue is { } p ? Math.Round(p, 9) : (double?)null, c.Level)),
            t.Drift.Columns.Select(c => (c.Name, Math.Round(c.Psi, 9), c.KsPValue is { } p ? Math.Round(p, 9) : (double?)null, c.Level)));
    }
}

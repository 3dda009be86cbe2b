namespace Mlops.Stores.Contract.Tests;

public class DatasetCommitTests
{
    private static readonly (long, string, double)[] Three = [(1, "ann", 0.5), (2, "bob", 0.7), (3, "cy", 0.9)];

    [Theory, MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void A_csv_becomes_version_1_and_reads_back_exactly(string engine)
    {
        using var f = new DatasetFixture(engine);
        var csv = f.Csv("people.csv", "id,name,score", ["1,ann,0.5", "2,bob,0.7", "3,cy,0.9"]);

        var result = f.Datasets.Commit("people", FileSource.For(csv), key: ["id"], message: "first");

        Assert.False(result.Unchanged);
        Assert.Equal(1, result.Version.Number);
        Assert.Equal(3, result.Version.Rows);
        Assert.Equal([("id", "BIGINT"), ("name", "VARCHAR"), ("score", "DOUBLE")], result.Version.Columns.Select(c => (c.Name, c.Type)));
        Assert.Equal(DatasetFixture.Expected(Three), f.Rows("people@1"));
        Assert.Equal(["id"], f.Datasets.Key("people"));
        Assert.Equal("first", f.Datasets.Log("people").Single().Message);
    }

    [Theory, MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void The_same_content_again_is_unchanged_and_writes_nothing(string engine)
    {
        using var f = new DatasetFixture(engine);
        var csv = f.Csv("people.csv", "id,name,score", ["1,ann,0.5", "2,bob,0.7", "3,cy,0.9"]);
        var first = f.Datasets.Commit("people", FileSource.For(csv));
        var bytes = f.StoreBytes();

        var same = f.Datasets.Commit("people", FileSource.For(csv));
        var reordered = f.Datasets.Commit("people", FileSource.For(f.Csv("shuffled.csv", "score,name,id", ["0.9,cy,3", "0.5,ann,1", "0.7,bob,2"])));

        Assert.True(same.Unchanged);
        Assert.True(reordered.Unchanged);
        Assert.Equal(first.Version.Digest, reordered.Version.Digest);
        Assert.Equal(1, reordered.Version.Number);
        Assert.Single(f.Datasets.Log("people"));
        Assert.Equal(bytes, f.StoreBytes());
    }

    [Theory, MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void Edits_make_a_new_version_and_every_version_still_reads_back_exactly(string engine)
    {
        using var f = new DatasetFixture(engine);
        (long, string, double)[] v1 = [(1, "ann", 0.5), (2, "bob", 0.7), (3, "cy", 0.9), (4, "dee", 0.1)];
        (long, string, double)[] v2 = [(1, "ann", 0.55), (2, "bob", 0.7), (3, "cyd", 0.9), (5, "eve", 0.3)];
        f.Datasets.Commit("people", DatasetFixture.People(v1), key: ["id"]);

        var second = f.Datasets.Commit("people", DatasetFixture.People(v2), message: "fix scores");

        Assert.Equal(2, second.Version.Number);
        Assert.Equal((1L, 1L, (long?)2), (second.Version.Added, second.Version.Removed, second.Version.Changed));
        Assert.Equal(DatasetFixture.Expected(v1), f.Rows("people@1"));
        Assert.Equal(DatasetFixture.Expected(v2), f.Rows("people@2"));
        Assert.Equal(DatasetFixture.Expected(v2), f.Rows("people"));
        Assert.Equal(["fix scores", null], f.Datasets.Log("people").Select(v => v.Message));
    }

    [Theory, MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void Duplicate_rows_are_content_a_version_is_a_multiset(string engine)
    {
        using var f = new DatasetFixture(engine);
        (long, string, double)[] v1 = [(1, "a", 1), (1, "a", 1), (2, "b", 2)];
        (long, string, double)[] v2 = [(1, "a", 1), (1, "a", 1), (1, "a", 1), (2, "b", 2)];
        (long, string, double)[] v3 = [(1, "a", 1), (2, "b", 2), (2, "b", 2)];
        var first = f.Datasets.Commit("dupes", DatasetFixture.People(v1));
        var second = f.Datasets.Commit("dupes", DatasetFixture.People(v2));
        var third = f.Datasets.Commit("dupes", DatasetFixture.People(v3));

        Assert.NotEqual(first.Version.Digest, second.Version.Digest);
        Assert.Equal((1L, 0L), (second.Version.Added, second.Version.Removed));
        Assert.Equal((1L, 2L), (third.Version.Added, third.Version.Removed));
        Assert.Equal(DatasetFixture.Expected(v1), f.Rows("dupes@1"));
        Assert.Equal(DatasetFixture.Expected(v2), f.Rows("dupes@2"));
        Assert.Equal(DatasetFixture.Expected(v3), f.Rows("dupes@3"));
    }

    [Theory, MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void Versions_are_found_by_number_latest_or_digest_prefix(string engine)
    {
        using var f = new DatasetFixture(engine);
        var one = f.Datasets.Commit("people", DatasetFixture.People(Three)).Version;
        var two = f.Datasets.Commit("people", DatasetFixture.People(Three.Take(2))).Version;

        Assert.Equal(1, f.Datasets.Resolve("people@1").Number);
        Assert.Equal(2, f.Datasets.Resolve("people@latest").Number);
        Assert.Equal(2, f.Datasets.Resolve("people").Number);
        Assert.Equal(1, f.Datasets.Resolve($"people@{one.Digest[..8]}").Number);
        Assert.Equal(2, f.Datasets.Resolve($"people@{two.Digest[..6].ToUpperInvariant()}").Number);
        Assert.Contains("its versions are 1 to 2", Assert.Throws<MlopsException>(() => f.Datasets.Resolve("people@7")).Message);
        Assert.Contains("Known: people", Assert.Throws<MlopsException>(() => f.Datasets.Resolve("nobody@1")).Message);
        Assert.Contains("is not a dataset version", Assert.Throws<MlopsException>(() => f.Datasets.Resolve("people@x")).Message);
        Assert.Contains("is not a valid dataset name", Assert.Throws<MlopsException>(() => f.Datasets.Resolve("bad name@1")).Message);
    }
}

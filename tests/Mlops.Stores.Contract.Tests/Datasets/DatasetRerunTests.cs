namespace Mlops.Stores.Contract.Tests;

/// <summary>Running a notebook or script again leaves the version log as the first run left it; a rollback is explicit.</summary>
public class DatasetRerunTests
{
    private static readonly (long, string, double)[] A = [(1, "ann", 0.5), (2, "bob", 0.7)];
    private static readonly (long, string, double)[] B = [(1, "ann", 0.6), (2, "bob", 0.7), (3, "cy", 0.9)];

    [Theory, MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void Running_the_same_commits_again_adds_no_versions_and_says_which_version_the_content_is(string engine)
    {
        using var f = new DatasetFixture(engine);
        for (var run = 0; run < 3; run++)
        {
            var first = f.Datasets.Commit("people", DatasetFixture.People(A));
            var second = f.Datasets.Commit("people", DatasetFixture.People(B));
            Assert.Equal(1, first.Version.Number);
            Assert.Equal(2, second.Version.Number);
            Assert.Equal(run > 0, first.Unchanged);
            Assert.Equal(run > 0 ? 2 : null, first.Latest);   // an earlier version: the latest stays
            Assert.Null(second.Latest);
        }
        Assert.Equal([2, 1], f.Datasets.Log("people").Select(v => v.Number));
    }

    [Theory, MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void The_same_file_again_is_its_earlier_version_without_reading_it(string engine)
    {
        using var f = new DatasetFixture(engine);
        var a = f.Csv("a.csv", "id,name,score", ["1,ann,0.5", "2,bob,0.7"]);
        var b = f.Csv("b.csv", "id,name,score", ["1,ann,0.6"]);
        f.Datasets.Commit("people", FileSource.For(a));
        f.Datasets.Commit("people", FileSource.For(b));

        var again = f.Datasets.Commit("people", FileSource.For(a));

        Assert.True(again.IsEarlierVersion);
        Assert.Equal((1, 2), (again.Version.Number, again.Latest!.Value));
        Assert.Equal(2, f.Datasets.Log("people").Count);
    }

    [Theory, MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void A_rollback_makes_earlier_content_the_latest_as_a_new_version_that_says_what_it_restores(string engine)
    {
        using var f = new DatasetFixture(engine);
        var v1 = f.Datasets.Commit("people", DatasetFixture.People(A)).Version;
        f.Datasets.Commit("people", DatasetFixture.People(B));

        var rolled = f.Datasets.Commit("people", DatasetFixture.People(A), rollback: true);

        Assert.False(rolled.Unchanged);
        Assert.Equal((3, 1), (rolled.Version.Number, rolled.Restores!.Value));
        Assert.Equal(v1.Digest, rolled.Version.Digest);
        Assert.Equal("rollback to version 1", rolled.Version.Message);
        Assert.Equal(f.Rows("people@1"), f.Rows("people"));
        Assert.True(f.Datasets.Commit("people", DatasetFixture.People(A)).Unchanged);   // now the latest
        Assert.True(f.Datasets.Commit("people", DatasetFixture.People(A), rollback: true).Unchanged);   // nothing to roll back
    }

    [Theory, MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void A_rollback_of_new_content_is_refused_and_nothing_is_written(string engine)
    {
        using var f = new DatasetFixture(engine);
        f.Datasets.Commit("people", DatasetFixture.People(A));

        var e = Assert.Throws<MlopsException>(() => f.Datasets.Commit("people", DatasetFixture.People(B), rollback: true));

        Assert.Equal(MlopsErrorKind.InvalidArgument, e.Kind);
        Assert.Contains("matches none of people's versions", e.Message);
        Assert.Single(f.Datasets.Log("people"));
    }
}

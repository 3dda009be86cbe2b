namespace Mlops.Stores.Contract.Tests;

public class DatasetDiffTests
{
    private static readonly (long, string, double)[] V1 = [(1, "ann", 0.5), (2, "bob", 0.7), (3, "cy", 0.9), (4, "dee", 0.1)];
    private static readonly (long, string, double)[] V2 = [(1, "ann", 0.55), (2, "bob", 0.7), (3, "cyd", 0.95), (5, "eve", 0.3)];

    [Theory, MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void A_keyed_diff_counts_rows_and_cells_and_shows_old_and_new(string engine)
    {
        using var f = new DatasetFixture(engine);
        f.Datasets.Commit("people", DatasetFixture.People(V1), key: ["id"]);
        f.Datasets.Commit("people", DatasetFixture.People(V2));

        var diff = f.Datasets.Diff("people@1", "people@2");

        Assert.True(diff.Keyed);
        Assert.Equal((1L, 1L, 2L, 1L), (diff.Added, diff.Removed, diff.Changed, diff.Unchanged));
        Assert.Equal(new Dictionary<string, long> { ["name"] = 1, ["score"] = 2 }, diff.ChangedCells);
        Assert.Contains(diff.SampleCells, c => c is { Key: "id=1", Column: "score" } && (double)c.Old! == 0.5 && (double)c.New! == 0.55);
        Assert.Contains(diff.SampleCells, c => c is { Key: "id=3", Column: "name", Old: "cy", New: "cyd" });
        Assert.Equal(5L, Assert.Single(diff.SampleAdded)[0]);
        Assert.Equal(4L, Assert.Single(diff.SampleRemoved)[0]);
        Assert.Empty(diff.SchemaChanges);
    }

    [Theory, MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void Diffing_backwards_swaps_added_and_removed(string engine)
    {
        using var f = new DatasetFixture(engine);
        f.Datasets.Commit("people", DatasetFixture.People(V1), key: ["id"]);
        f.Datasets.Commit("people", DatasetFixture.People(V2));
        var back = f.Datasets.Diff("people@2", "people@1");
        Assert.Equal((1L, 1L, 2L), (back.Added, back.Removed, back.Changed));
        Assert.Equal(4L, back.SampleAdded.Single()[0]);
        Assert.Contains(back.SampleCells, c => c is { Key: "id=3", Column: "name", Old: "cyd", New: "cy" });
        var same = f.Datasets.Diff("people@2", "people@2");
        Assert.Equal((0L, 0L, 0L, 4L), (same.Added, same.Removed, same.Changed, same.Unchanged));
    }

    [Theory, MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void An_unkeyed_diff_gives_rows_added_and_removed(string engine)
    {
        using var f = new DatasetFixture(engine);
        f.Datasets.Commit("people", DatasetFixture.People(V1));
        f.Datasets.Commit("people", DatasetFixture.People(V2));

        var diff = f.Datasets.Diff("people@1", "people@2");

        Assert.False(diff.Keyed);
        Assert.Equal((3L, 3L, 0L, 1L), (diff.Added, diff.Removed, diff.Changed, diff.Unchanged));
        Assert.Equal([1L, 3L, 5L], diff.SampleAdded.Select(r => (long)r[0]!).Order());
        var keyed = f.Datasets.Diff("people@1", "people@2", key: ["id"]);
        Assert.Equal((1L, 1L, 2L), (keyed.Added, keyed.Removed, keyed.Changed));
    }

    [Theory, MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void Every_changed_row_comes_as_a_table_with_its_change_and_old_values(string engine)
    {
        using var f = new DatasetFixture(engine);
        f.Datasets.Commit("people", DatasetFixture.People(V1), key: ["id"]);
        f.Datasets.Commit("people", DatasetFixture.People(V2));

        using var reader = f.Datasets.OpenDiff("people@1", "people@2");
        var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
        var rows = new List<(string Change, long Id, object OldScore)>();
        while (reader.Read()) rows.Add((reader.GetString(0), reader.GetInt64(1), reader.GetValue(reader.GetOrdinal("score_old"))));

        Assert.Equal(["_change", "id", "name", "score", "name_old", "score_old"], columns);
        Assert.Equal([("added", 5L), ("changed", 1L), ("changed", 3L), ("removed", 4L)], rows.Select(r => (r.Change, r.Id)).Order());
        Assert.Equal(0.5, rows.Single(r => r.Id == 1).OldScore);
    }

    [Theory, MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void Schema_changes_are_reported_and_unchanged_values_are_not_stored_again(string engine)
    {
        using var f = new DatasetFixture(engine);
        f.Datasets.Commit("houses", FileSource.For(f.Csv("v1.csv", "id,size,city,rooms", ["1,50,oslo,2", "2,70,bergen,3", "3,90,oslo,4"])), key: ["id"]);
        // rooms dropped, city renamed to town (declared), size retyped to DOUBLE, age added
        var second = f.Datasets.Commit("houses", FileSource.For(f.Csv("v2.csv", "id,size,town,age", ["1,50.5,oslo,10", "2,70.0,bergen,20", "3,90.0,oslo,30"])),
            renames: new Dictionary<string, string> { ["city"] = "town" });

        var diff = f.Datasets.Diff("houses@1", "houses@2");

        Assert.Contains(new SchemaChange("rooms", SchemaChangeKind.Dropped, "BIGINT", null), diff.SchemaChanges);
        Assert.Contains(new SchemaChange("town", SchemaChangeKind.Renamed, "VARCHAR", "VARCHAR", "city"), diff.SchemaChanges);
        Assert.Contains(new SchemaChange("size", SchemaChangeKind.Retyped, "BIGINT", "DOUBLE"), diff.SchemaChanges);
        Assert.Contains(new SchemaChange("age", SchemaChangeKind.Added, null, "BIGINT"), diff.SchemaChanges);
        Assert.Equal(new Dictionary<string, string> { ["city"] = "town" }, f.Store.GetRenames(diff.From, diff.To));
        Assert.Equal(new Dictionary<string, string> { ["town"] = "city" }, f.Store.GetRenames(diff.To, diff.From));
        Assert.Empty(f.Store.GetRenames(diff.From, diff.From));
        Assert.Equal(1, second.Version.Changed);   // as the diff counts it: a column both versions have differs (size of id 1)
        Assert.Equal(1, diff.Changed);
        Assert.Equal(1, diff.ChangedCells["size"]); // 50 -> 50.5 changed; 70 -> 70.0 is the same number
        Assert.Equal(["1|50|oslo|2", "2|70|bergen|3", "3|90|oslo|4"], f.Rows("houses@1"));
        Assert.Equal(["1|50.5|oslo|10", "2|70|bergen|20", "3|90|oslo|30"], f.Rows("houses@2"));
    }

    [Theory, MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void Bad_diff_arguments_are_refused(string engine)
    {
        using var f = new DatasetFixture(engine);
        f.Datasets.Commit("people", DatasetFixture.People(V1));
        f.Datasets.Commit("people", DatasetFixture.People(V2));
        f.Datasets.Commit("other", DatasetFixture.People(V1));
        Assert.Contains("different datasets", Assert.Throws<MlopsException>(() => f.Datasets.Diff("people@1", "other@1")).Message);
        Assert.Contains("key column 'nope' is not in people@1", Assert.Throws<MlopsException>(() => f.Datasets.Diff("people@1", "people@2", ["nope"])).Message);
        f.Datasets.Commit("people", DatasetFixture.People([.. V2, (5, "eve2", 0.4)]));
        var e = Assert.Throws<MlopsException>(() => f.Datasets.Diff("people@2", "people@3", ["id"]));
        Assert.Contains("is not unique in people@3", e.Message);
        Assert.Contains("id=5 (2 rows)", e.Message);
    }
}

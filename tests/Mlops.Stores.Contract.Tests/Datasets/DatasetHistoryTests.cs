namespace Mlops.Stores.Contract.Tests;

public class DatasetHistoryTests
{
    /// <summary>
    /// Property-style: 40 versions, each made by random updates, inserts, deletes and duplications of the previous one;
    /// afterwards every version reads back as exactly the multiset committed.
    /// </summary>
    [Theory]
    [InlineData(7)]
    [InlineData(11)]
    public void Every_version_reads_back_exactly_after_many_random_edits(int seed)
    {
        using var f = new DatasetFixture();
        var random = new Random(seed);
        var rows = Enumerable.Range(1, 200).Select(i => ((long)i, $"n{i}", Math.Round(random.NextDouble(), 3))).ToList();
        var committed = new List<List<string>>();
        var nextId = 201L;
        for (var version = 1; version <= 40; version++)
        {
            if (version > 1)
            {
                for (var e = 0; e < random.Next(1, 15); e++)
                {
                    var i = random.Next(rows.Count);
                    switch (random.Next(4))
                    {
                        case 0: rows[i] = (rows[i].Item1, rows[i].Item2, Math.Round(random.NextDouble(), 3)); break;
                        case 1: rows.Add((nextId++, $"n{nextId}", Math.Round(random.NextDouble(), 3))); break;
                        case 2: if (rows.Count > 1) rows.RemoveAt(i); break;
                        case 3: rows.Add(rows[i]); break; // a duplicate row
                    }
                }
            }
            var result = f.Datasets.Commit("random", DatasetFixture.People(rows));
            committed.Add(DatasetFixture.Expected(rows));
            Assert.Equal(rows.Count, result.Version.Rows);
        }
        for (var version = 1; version <= committed.Count; version++)
            Assert.Equal(committed[version - 1], f.Rows($"random@{version}"));
    }

    [Theory, MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void Storage_grows_with_the_rows_that_changed(string engine)
    {
        using var f = new DatasetFixture(engine);
        var rows = Enumerable.Range(1, 20_000).Select(i => ((long)i, $"name-{i}", i * 0.25)).ToList();
        f.Datasets.Commit("big", DatasetFixture.People(rows), key: ["id"]);
        rows[10] = (11, "changed", 1.0);
        rows.RemoveAt(500);
        rows.Add((99_999, "new", 2.0));

        var second = f.Datasets.Commit("big", DatasetFixture.People(rows));

        Assert.Equal((1L, 1L, (long?)1), (second.Version.Added, second.Version.Removed, second.Version.Changed));
        Assert.Equal(20_002, f.HistoryRows());   // 20,000 + the changed row's new copy + the inserted row
        Assert.Equal(2, f.HistoryRows(closedAt: 2));
    }

    [Theory, MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void Runs_that_commit_or_load_a_version_are_its_lineage(string engine)
    {
        using var f = new DatasetFixture(engine);
        var run = f.Tracking.StartRun(new RunStart("train"));
        var v1 = f.Datasets.Commit("people", DatasetFixture.People([(1, "a", 1)]), run: run.Id).Version;
        f.Datasets.Commit("people", DatasetFixture.People([(1, "a", 2)]));
        using (f.Datasets.Open("people@2", run: run.Id)) { }
        var other = f.Tracking.StartRun(new RunStart("eval"));
        using (f.Datasets.Open("people@1", run: other.Id)) { }

        var inputs = f.Datasets.InputsOf(run.Id);
        Assert.Equal([("people", 1, DatasetUse.Committed), ("people", 2, DatasetUse.Loaded)], inputs.Select(i => (i.Dataset, i.Version, i.Use)));
        Assert.Equal(v1.Digest, inputs[0].Digest);
        var log = f.Datasets.Log("people");
        Assert.Equal([run.Id], log[0].Runs);
        Assert.Equal([run.Id, other.Id], log[1].Runs);
    }

    [Theory, MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void A_version_from_before_the_key_was_chosen_reads_profiles_and_diffs_by_another_key(string engine)
    {
        using var f = new DatasetFixture(engine);
        f.Datasets.Commit("shops", FileSource.For(f.Csv("v1.csv", "id,city,n", ["1,Oslo,3", "2,Oslo,4"])));
        f.Datasets.Commit("shops", FileSource.For(f.Csv("v2.csv", "id,town,n", ["1,Oslo,3", "2,Bergen,5"])), key: ["town"],
            renames: new Dictionary<string, string> { ["city"] = "town" });

        Assert.Equal(["1|Oslo|3", "2|Oslo|4"], f.Rows("shops@1"));   // its city is not unique: the key chosen later does not apply to it
        Assert.Equal(["id", "city", "n"], f.Datasets.Profile("shops@1").Columns.Select(c => c.Name));
        var diff = f.Datasets.Diff("shops@1", "shops@2", key: ["id"]);
        Assert.Equal((0L, 0L, 1L), (diff.Added, diff.Removed, diff.Changed));
        Assert.Equal(1, diff.ChangedCells["n"]);
        var refused = Assert.Throws<MlopsException>(() => f.Datasets.Diff("shops@1", "shops@2"));
        Assert.Contains("key column 'town' is not in shops@1", refused.Message);
        // each version keeps the key its change counts were taken by
        f.Datasets.Commit("shops", FileSource.For(f.Csv("v3.csv", "id,town,n", ["1,Oslo,3", "2,Bergen,6"])));
        Assert.Equal(["3:town", "2:town", "1:"], f.Datasets.Log("shops").Select(v => $"{v.Number}:{string.Join(",", v.Key ?? ["?"])}"));
    }

    [Theory, MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void A_pinned_dataset_resolves_to_its_pinned_version_unless_a_version_is_named(string engine)
    {
        using var f = new DatasetFixture(engine);
        f.Datasets.Commit("people", DatasetFixture.People([(1, "ann", 0.5)]));
        f.Datasets.Commit("people", DatasetFixture.People([(1, "ann", 0.6)]));
        var pinned = new DatasetService(f.Store, TimeProvider.System, new SystemEnvironmentProbe(f.Folder), DatasetPins.Parse("""{"people": 1}"""));

        Assert.Equal(1, pinned.Resolve("people").Number);
        Assert.Equal(1, pinned.Resolve("people@latest").Number);
        Assert.Equal(2, pinned.Resolve("people@2").Number);
        Assert.Equal(["1|ann|0.5"], f.Rows("people@1"));
        var missing = new DatasetService(f.Store, TimeProvider.System, new SystemEnvironmentProbe(f.Folder), DatasetPins.Parse("""{"people": 9}"""));
        Assert.Contains("people is pinned to version 9 (MLOPS_PIN_DATASETS), which it does not have", Assert.Throws<MlopsException>(() => missing.Resolve("people")).Message);
        Assert.Contains("MLOPS_PIN_DATASETS must be a JSON object", Assert.Throws<MlopsException>(() => DatasetPins.Parse("[1]")).Message);
    }
}

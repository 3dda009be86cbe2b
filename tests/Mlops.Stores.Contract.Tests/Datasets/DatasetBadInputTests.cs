namespace Mlops.Stores.Contract.Tests;

public class DatasetBadInputTests
{
    [Theory, MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void A_missing_file_or_unknown_format_is_refused(string engine)
    {
        using var f = new DatasetFixture(engine);
        Assert.Equal(MlopsErrorKind.NotFound, Assert.Throws<MlopsException>(() => FileSource.For(Path.Combine(f.Folder, "nope.csv"))).Kind);
        var xlsx = Path.Combine(f.Folder, "data.xlsx");
        File.WriteAllText(xlsx, "x");
        Assert.Contains("commit a .csv, .tsv, .parquet", Assert.Throws<MlopsException>(() => FileSource.For(xlsx)).Message);
    }

    [Theory, MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void A_malformed_csv_says_which_line_and_nothing_is_written(string engine)
    {
        using var f = new DatasetFixture(engine);
        var lines = Enumerable.Range(1, 30_000).Select(i => $"{i},{i * 0.5}").Append("30001,0.5,extra,fields").Append("30002,1.0");
        var csv = f.Csv("bad.csv", "id,score", lines);

        var e = Assert.Throws<MlopsException>(() => f.Datasets.Commit("bad", FileSource.For(csv)));

        Assert.Equal(MlopsErrorKind.InvalidArgument, e.Kind);
        Assert.Contains("line 30,002 has 4 fields where the header (line 1) has 2", e.Message); // header + 30,001 rows
        Assert.Contains("\"30001,0.5,extra,fields\"", e.Message);
        Assert.Contains("Nothing was committed", e.Message);
        Assert.Empty(f.Datasets.List());
    }

    [Theory]
    [InlineData("a,b\n1,2\n3,4,5\n", "line 3 has 3 fields where the header (line 1) has 2")]   // DuckDB alone takes "3,4,5" as the header of 0 rows
    [InlineData("a,b,c\n1,2,3\n4,5\n6,7,8\n", "line 3 has 2 fields where the header (line 1) has 3")]   // DuckDB alone pads it with NULL
    [InlineData("a,b\n1,\"open\n2,y\n", "line 2 opens a quoted value (\") that never closes")]
    [InlineData("a;b\n1;2\n3;4;5\n", "line 3 has 3 fields where the header (line 1) has 2, separated by ';'")]
    [InlineData("a\tb\n1\t2\n3\t4\t5\n", "separated by tab")]
    [InlineData("", "is empty; a CSV needs a header line")]
    public void Every_malformed_csv_is_refused_with_its_line_and_nothing_is_committed(string content, string expected)
    {
        using var f = new DatasetFixture();
        var csv = Path.Combine(f.Folder, "bad.csv");
        File.WriteAllText(csv, content);

        var e = Assert.Throws<MlopsException>(() => f.Datasets.Commit("bad", FileSource.For(csv)));

        Assert.Equal(MlopsErrorKind.InvalidArgument, e.Kind);
        Assert.Contains(expected, e.Message);
        Assert.Empty(f.Datasets.List());
    }

    [Theory, MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void A_5000_row_csv_with_one_bad_line_names_the_line_not_the_dialect_search(string engine)
    {
        using var f = new DatasetFixture(engine);
        var lines = Enumerable.Range(0, 5000).Select(i => i == 3210 ? $"{i},1.5,foo,extra" : $"{i},{i * 0.5},n{i}");
        var e = Assert.Throws<MlopsException>(() => f.Datasets.Commit("bad", FileSource.For(f.Csv("bad.csv", "id,x,name", lines))));
        Assert.Contains("line 3,212 has 4 fields where the header (line 1) has 3", e.Message);
        Assert.DoesNotContain("sniffing", e.Message);
        Assert.Empty(f.Datasets.List());
    }

    [Theory, MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void Quoted_delimiters_quotes_and_line_breaks_blank_lines_CRLF_and_a_BOM_are_well_formed(string engine)
    {
        using var f = new DatasetFixture(engine);
        var csv = Path.Combine(f.Folder, "good.csv");
        File.WriteAllText(csv, "\uFEFFid,text\r\n1,\"a, b\"\r\n2,\"say \"\"hi\"\"\"\r\n\r\n3,\"two\nlines\"\r\n");

        var version = f.Datasets.Commit("good", FileSource.For(csv)).Version;

        Assert.Equal(["id", "text"], version.Columns.Select(c => c.Name));
        Assert.Equal(["1|a, b", "2|say \"hi\"", "3|two\nlines"], f.Rows("good@1"));
    }

    [Theory, MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void A_value_that_does_not_fit_the_type_guessed_from_the_first_rows_is_kept_as_text(string engine)
    {
        using var f = new DatasetFixture(engine);
        var csv = f.Csv("late.csv", "id,code", Enumerable.Range(1, 30_000).Select(i => $"{i},{i}").Append("30001,A-17"));
        var version = f.Datasets.Commit("late", FileSource.For(csv)).Version;
        Assert.Equal(("code", "VARCHAR"), (version.Columns[1].Name, version.Columns[1].Type));
        Assert.Equal(["30001|A-17"], f.Rows("late", where: "id = 30001"));
    }

    [Theory, MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void A_csv_whose_key_repeats_far_down_is_refused_with_examples_and_nothing_is_written(string engine)
    {
        using var f = new DatasetFixture(engine);
        var csv = f.Csv("repeats.csv", "id,score", Enumerable.Range(1, 30_000).Select(i => $"{i},{i * 0.5}").Append("17,0.25"));

        var e = Assert.Throws<MlopsException>(() => f.Datasets.Commit("repeats", FileSource.For(csv), key: ["id"]));

        Assert.Contains("not unique in repeats.csv: 1 key values occur more than once, e.g. id=17 (2 rows)", e.Message);
        Assert.Empty(f.Datasets.List());
        var fixedCsv = f.Csv("fixed.csv", "id,score", Enumerable.Range(1, 30_000).Select(i => $"{i},{i * 0.5}"));
        Assert.Equal(1, f.Datasets.Commit("repeats", FileSource.For(fixedCsv), key: ["id"]).Version.Number);
    }

    [Theory, MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void Text_holding_a_NUL_character_is_refused_not_cut_short(string engine)
    {
        using var f = new DatasetFixture(engine);
        f.Datasets.Commit("people", DatasetFixture.People([(1, "a", 1)]));

        var e = Assert.Throws<MlopsException>(() => f.Datasets.Commit("people", DatasetFixture.People([(1, "a", 1), (2, "b\0c", 2)])));

        Assert.Equal(MlopsErrorKind.InvalidArgument, e.Kind);
        Assert.Contains("people has a NUL character (\\0) in the text of column 'name', row 2", e.Message);
        Assert.Equal(1, Assert.Single(f.Datasets.Log("people")).Number);
        Assert.Equal(["1|a|1"], f.Rows("people"));
    }

    [Theory, MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void A_key_that_is_missing_empty_or_not_unique_is_refused_with_examples(string engine)
    {
        using var f = new DatasetFixture(engine);
        var missing = Assert.Throws<MlopsException>(() => f.Datasets.Commit("people", DatasetFixture.People([(1, "a", 1)]), key: ["pk"]));
        Assert.Contains("key column 'pk' is not in people; its columns are: id, name, score", missing.Message);

        var repeated = Assert.Throws<MlopsException>(() => f.Datasets.Commit("people", DatasetFixture.People([(1, "a", 1), (1, "b", 2), (2, "c", 3), (2, "d", 4), (2, "e", 5), (3, "f", 6)]), key: ["id"]));
        Assert.Contains("not unique in people: 2 key values occur more than once, e.g. id=2 (3 rows); id=1 (2 rows)", repeated.Message);

        var empty = new RowsSource("people", DatasetFixture.PeopleColumns, [[null, "a", 1.0], [2L, "b", 2.0]]);
        Assert.Contains("the key (id) is empty in 1 rows", Assert.Throws<MlopsException>(() => f.Datasets.Commit("people", empty, key: ["id"])).Message);
        Assert.Contains("named twice", Assert.Throws<MlopsException>(() => f.Datasets.Commit("people", DatasetFixture.People([(1, "a", 1)]), key: ["id", "id"])).Message);
        Assert.Empty(f.Datasets.List());
    }

    [Theory, MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void Invalid_names_renames_and_where_clauses_are_refused(string engine)
    {
        using var f = new DatasetFixture(engine);
        Assert.Contains(DatasetNames.Rule, Assert.Throws<MlopsException>(() => f.Datasets.Commit("my data", DatasetFixture.People([(1, "a", 1)]))).Message);
        Assert.Contains("this is the dataset's first", Assert.Throws<MlopsException>(() =>
            f.Datasets.Commit("people", DatasetFixture.People([(1, "a", 1)]), renames: new Dictionary<string, string> { ["a"] = "b" })).Message);
        f.Datasets.Commit("people", DatasetFixture.People([(1, "a", 1)]));
        Assert.Contains("has no column 'nope'", Assert.Throws<MlopsException>(() =>
            f.Datasets.Commit("people", DatasetFixture.People([(1, "a", 2)]), renames: new Dictionary<string, string> { ["nope"] = "name" })).Message);
        Assert.Contains("invalid filter", Assert.Throws<MlopsException>(() => f.Datasets.Open("people", where: "1=1; DROP TABLE runs")).Message);
        var bad = Assert.Throws<MlopsException>(() => f.Datasets.Open("people", where: "nosuchcolumn > 1"));
        Assert.Contains("people@1 has no column 'nosuchcolumn'; its columns are", bad.Message);
        Assert.Contains("^", bad.Message);
        Assert.Single(f.Datasets.Log("people"));
    }

    [Theory, MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void Columns_with_reserved_or_duplicate_names_are_refused(string engine)
    {
        using var f = new DatasetFixture(engine);
        var reserved = new RowsSource("frame", [new TableColumn("__from", "BIGINT")], [[1L]]);
        Assert.Contains("must not be empty or start with '__'", Assert.Throws<MlopsException>(() => f.Datasets.Commit("x", reserved)).Message);
        var twice = new RowsSource("frame", [new TableColumn("a", "BIGINT"), new TableColumn("A", "BIGINT")], [[1L, 2L]]);
        Assert.Contains("more than once", Assert.Throws<MlopsException>(() => f.Datasets.Commit("x", twice)).Message);
    }

    [Theory, MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void A_source_that_throws_while_being_read_leaves_nothing(string engine)
    {
        using var f = new DatasetFixture(engine);
        IEnumerable<object?[]> Broken()
        {
            yield return [1L, "a", 1.0];
            throw new InvalidOperationException("the network share went away");
        }
        Assert.Throws<InvalidOperationException>(() => f.Datasets.Commit("people", new RowsSource("people", DatasetFixture.PeopleColumns, Broken())));
        Assert.Empty(f.Datasets.List());
    }
}

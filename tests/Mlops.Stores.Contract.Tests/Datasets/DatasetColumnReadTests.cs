namespace Mlops.Stores.Contract.Tests;

/// <summary>Whole columns of a version read into arrays of the types a model reads: what a promotion gate scores.</summary>
public class DatasetColumnReadTests
{
    private static readonly TableColumn[] Mixed =
    [
        new("id", "INTEGER"), new("f", "FLOAT"), new("d", "DOUBLE"), new("s", "VARCHAR"), new("b", "BOOLEAN"), new("l", "BIGINT"), new("t", "TIMESTAMP"),
    ];

    [Theory, MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void Columns_become_the_types_the_model_reads_with_missing_values_filled(string engine)
    {
        using var f = new DatasetFixture(engine);
        var at = new DateTime(2026, 3, 4, 5, 6, 7, 890, DateTimeKind.Unspecified);
        var version = f.Datasets.Commit("mixed", new RowsSource("mixed", Mixed,
        [
            [1, 1.5f, 0.25, "a", true, 7L, at],
            [2, null, null, null, null, null, null],
            [3, -4f, 1e300, "a longer text than twelve bytes", false, 9L, at.AddDays(1)],
        ])).Version;

        var read = f.Datasets.ReadColumns(version,
            [new("id", "Int32"), new("b", "Boolean"), new("f", "Single"), new("l", "Single"), new("d", "Double"), new("s", "String"), new("l", "Int64"), new("t", "DateTime")]);

        Assert.Equal(3, read.Rows);
        Assert.Equal(["id", "b", "f", "l", "d", "s", "l", "t"], read.Columns.Select(c => c.Column.Name));
        var order = ((int[])read.Columns[0].Values).Select((id, row) => (id, row)).OrderBy(x => x.id).Select(x => x.row).ToArray();
        T[] Column<T>(int i) => order.Select(row => ((T[])read.Columns[i].Values)[row]).ToArray();
        Assert.Equal([1, 2, 3], Column<int>(0));
        Assert.Equal([true, false, false], Column<bool>(1));
        Assert.Equal([1.5f, float.NaN, -4f], Column<float>(2));
        Assert.Equal([7f, float.NaN, 9f], Column<float>(3));
        Assert.Equal([0.25, double.NaN, 1e300], Column<double>(4));
        Assert.Equal(["a", "", "a longer text than twelve bytes"], Column<string>(5));
        Assert.Equal([7L, 0L, 9L], Column<long>(6));
        Assert.Equal([at, DateTime.MinValue, at.AddDays(1)], Column<DateTime>(7));
    }

    [Theory, MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void Every_row_of_the_version_asked_for_is_read_across_many_vector_chunks(string engine)
    {
        using var f = new DatasetFixture(engine);
        // 5,000 rows: three of DuckDB's 2,048-row vectors; short texts shared, long ones each their own, nulls throughout
        var rows = Enumerable.Range(0, 5000).Select(i => new object?[]
        {
            i, i % 7 == 0 ? null : i * 0.5f, i * 2.0, i % 11 == 0 ? null : i % 3 == 0 ? $"category-{i % 4}" : $"a long free text, row {i}", i % 2 == 0, (long)i * 3, null,
        }).ToList();
        var v1 = f.Datasets.Commit("many", new RowsSource("many", Mixed, rows)).Version;
        rows.RemoveRange(0, 1000);
        f.Datasets.Commit("many", new RowsSource("many", Mixed, rows));

        var read = f.Datasets.ReadColumns(v1, [new("id", "Int32"), new("f", "Single"), new("s", "String"), new("b", "Boolean")]);

        Assert.Equal(5000, read.Rows);
        var ids = (int[])read.Columns[0].Values;
        Assert.Equal(Enumerable.Range(0, 5000), ids);   // in the order the rows were committed, rows closed by version 2 included
        for (var row = 0; row < read.Rows; row++)
        {
            var i = ids[row];
            Assert.Equal(i % 7 == 0 ? float.NaN : i * 0.5f, ((float[])read.Columns[1].Values)[row]);
            Assert.Equal(i % 11 == 0 ? "" : i % 3 == 0 ? $"category-{i % 4}" : $"a long free text, row {i}", ((string[])read.Columns[2].Values)[row]);
            Assert.Equal(i % 2 == 0, ((bool[])read.Columns[3].Values)[row]);
        }
        Assert.Equal(4000, f.Datasets.ReadColumns(f.Datasets.Resolve("many@2"), [new("id", "Int32")]).Rows);
    }

    [Theory, MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void A_missing_column_an_unreadable_type_or_values_that_do_not_convert_are_refused_by_name(string engine)
    {
        using var f = new DatasetFixture(engine);
        var version = f.Datasets.Commit("mixed", new RowsSource("mixed", Mixed, [[1, 1f, 1.0, "not a number", true, 1L, null]])).Version;

        var missing = Assert.Throws<MlopsException>(() => f.Datasets.ReadColumns(version, [new("f", "Single"), new("Tenure", "Single")]));
        Assert.Equal(MlopsErrorKind.InvalidArgument, missing.Kind);
        Assert.Contains("mixed@1 has no column 'Tenure'", missing.Message);
        Assert.Contains("its columns are id, f, d, s, b, l, t", missing.Message);

        var vector = Assert.Throws<MlopsException>(() => f.Datasets.ReadColumns(version, [new("f", "Single", IsVector: true, Size: 3)]));
        Assert.Contains("reads 'f' as Vector<Single, 3>, which is not read from datasets", vector.Message);

        var text = Assert.Throws<MlopsException>(() => f.Datasets.ReadColumns(version, [new("s", "Single")]));
        Assert.Equal(MlopsErrorKind.InvalidArgument, text.Kind);
        Assert.Contains("mixed@1 could not be read as the model reads it (s: Single)", text.Message);
        Assert.Contains("not a number", text.Message);

        // the store is still usable after each refusal
        Assert.Equal([1f], (float[])f.Datasets.ReadColumns(version, [new("f", "Single")]).Columns[0].Values);
    }

    [Theory, MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void Columns_opened_as_a_stream_fill_with_the_same_rows_as_a_whole_read(string engine)
    {
        using var f = new DatasetFixture(engine);
        var rows = Enumerable.Range(0, 9000).Select(i => new object?[] { i, i % 5 == 0 ? null : i * 0.5f, i * 2.0, $"text {i % 13}", i % 2 == 0, (long)i, null }).ToList();
        var version = f.Datasets.Commit("many", new RowsSource("many", Mixed, rows)).Version;
        SchemaColumn[] columns = [new("id", "Int32"), new("f", "Single"), new("s", "String"), new("b", "Boolean")];

        using var stream = f.Datasets.OpenColumns(version, columns);
        Assert.True(stream.WaitFor(0));
        Assert.False(stream.WaitFor(9000));   // no such row: the whole read is in
        var streamed = stream.Wait();
        var whole = f.Datasets.ReadColumns(version, columns);

        Assert.Equal(9000, stream.Available);
        // the same rows (a stream keeps the order the engine sends them in; compared by id)
        static List<string> Rows(ColumnArrays data) => Enumerable.Range(0, data.Rows)
            .Select(r => string.Join("|", data.Columns.Select(c => Convert.ToString(c.Values.GetValue(r), System.Globalization.CultureInfo.InvariantCulture))))
            .Order(StringComparer.Ordinal).ToList();
        Assert.Equal(Rows(whole), Rows(streamed));
        Assert.Null(stream.Error);
    }

    [Theory, MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void A_stream_refuses_a_missing_column_at_once_and_values_that_do_not_convert_from_its_waits(string engine)
    {
        using var f = new DatasetFixture(engine);
        // the value that does not convert is the last of many: on the team store it is met while rows are already in
        var rows = Enumerable.Range(0, 6000).Select(i => new object?[] { i, 1f, 1.0, i == 5999 ? "not a number" : $"{i}.5", true, 1L, null }).ToList();
        var version = f.Datasets.Commit("mixed", new RowsSource("mixed", Mixed, rows)).Version;

        var missing = Assert.Throws<MlopsException>(() => f.Datasets.OpenColumns(version, [new("Tenure", "Single")]));
        Assert.Contains("mixed@1 has no column 'Tenure'", missing.Message);
        var text = Assert.Throws<MlopsException>(() =>
        {
            using var stream = f.Datasets.OpenColumns(version, [new("s", "Single")]);
            stream.Wait();
        });
        Assert.Equal(MlopsErrorKind.InvalidArgument, text.Kind);
        Assert.Contains("mixed@1 could not be read as the model reads it (s: Single)", text.Message);
        using var again = f.Datasets.OpenColumns(version, [new("f", "Single")]);
        Assert.Equal(6000, again.Wait().Rows);   // the store is still usable
    }
}

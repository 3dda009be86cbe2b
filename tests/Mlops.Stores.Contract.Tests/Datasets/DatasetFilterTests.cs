namespace Mlops.Stores.Contract.Tests;

public class DatasetFilterTests
{
    private static DatasetFixture Sales()
    {
        var f = new DatasetFixture();
        var csv = f.Csv("sales.csv", "id,city,price,sold,note", [
            "1,Oslo,120.5,2024-01-03,",
            "2,Bergen,80,2024-02-10,discount",
            "3,Oslo,99.9,2023-12-31,",
            "4,Trondheim,300,2024-03-01,bulk order",
            "5,O'Hara,10,2024-01-15,quote's",
        ]);
        f.Datasets.Commit("sales", new FileSource(csv, FileFormat.Csv));
        return f;
    }

    private static List<string> Ids(DatasetFixture f, string where) => f.Rows("sales", where).Select(r => r.Split('|')[0]).ToList();

    [Theory]
    [InlineData("price > 100", "1,4")]
    [InlineData("city = 'Oslo' and price < 100", "3")]
    [InlineData("city in ('Bergen', 'Trondheim') or id = 1", "1,2,4")]
    [InlineData("not city = 'Oslo'", "2,4,5")]
    [InlineData("city not in ('Oslo')", "2,4,5")]
    [InlineData("note is null", "1,3")]
    [InlineData("note is not null and note like '%order'", "4")]
    [InlineData("city not like 'O%'", "2,4")]
    [InlineData("sold >= '2024-01-15'", "2,4,5")]
    [InlineData("city = 'O''Hara'", "5")]
    [InlineData("(price >= 80 AND price <= 120.5) OR city = 'Trondheim'", "1,2,3,4")]
    [InlineData("city > 5", "")]   // a number against text: text that is no number never matches
    public void The_filter_language_selects_rows_by_column(string where, string expected)
    {
        using var f = Sales();
        Assert.Equal(expected.Length == 0 ? [] : expected.Split(','), Ids(f, where));
    }

    [Theory]
    [InlineData("price > 100; DROP TABLE runs", "invalid filter")]
    [InlineData("price > ", "expected a value")]
    [InlineData("1 = 1", "expected a column of sales@1")]
    [InlineData("cost > 1", "sales@1 has no column 'cost'; its columns are id, city, price, sold, note")]
    [InlineData("price > 1 or", "expected a column")]
    [InlineData("city = 'x') or (1 = 1", "expected 'and', 'or' or the end of the filter")]
    public void Anything_else_is_refused_with_a_caret_and_nothing_is_read(string where, string expected)
    {
        using var f = Sales();
        var e = Assert.Throws<MlopsException>(() => f.Rows("sales", where));
        Assert.Equal(MlopsErrorKind.InvalidArgument, e.Kind);
        Assert.Contains(expected, e.Message);
        Assert.Equal(5, f.Rows("sales").Count);
    }
}

using DuckDB.NET.Data;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Mlops.MLNet.Tests;

public sealed class DataLoaderTests
{
    [Fact]
    public void Rows_become_the_column_types_the_model_reads_with_missing_values_as_NaN_empty_or_false()
    {
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT * FROM (VALUES (1.5::FLOAT, 2::INTEGER, 0.25::DOUBLE, 'a', true, 7::BIGINT),
                                  (NULL, 3, NULL, NULL, NULL, NULL),
                                  (-4.0, NULL, 1e300, 'c', false, 9)) t(f, i, d, s, b, l)
            """;
        using var reader = command.ExecuteReader();
        SchemaColumn[] columns = [new("b", "Boolean"), new("f", "Single"), new("i", "Single"), new("d", "Double"), new("s", "String"), new("l", "Int64")];

        var view = DataLoader.Read(reader, columns);

        Assert.Equal(["b", "f", "i", "d", "s", "l"], view.Schema.Select(c => c.Name));
        Assert.Equal(3, view.GetRowCount());
        Assert.Equal([1.5f, float.NaN, -4f], view.GetColumn<float>("f"));
        Assert.Equal([2f, 3f, float.NaN], view.GetColumn<float>("i"));
        Assert.Equal([0.25, double.NaN, 1e300], view.GetColumn<double>("d"));
        Assert.Equal(["a", "", "c"], view.GetColumn<string>("s"));
        Assert.Equal([true, false, false], view.GetColumn<bool>("b"));
        Assert.Equal([7L, 0L, 9L], view.GetColumn<long>("l"));
    }

    [Fact]
    public void A_column_the_model_reads_that_the_data_lacks_is_named()
    {
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1.0::FLOAT AS x";
        using var reader = command.ExecuteReader();
        var e = Assert.Throws<MlopsException>(() => DataLoader.Read(reader, [new SchemaColumn("y", "Single")]));
        Assert.Contains("no column 'y'", e.Message);
    }
}

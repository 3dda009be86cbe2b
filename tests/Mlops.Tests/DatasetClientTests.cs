using Microsoft.Data.Analysis;
using Microsoft.ML;

namespace Mlops.Tests;

public sealed class DatasetClientTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "mlops-client-" + Guid.NewGuid().ToString("N")[..10]);
    private readonly MlopsClient _client;

    public DatasetClientTests() => _client = MlopsClient.Open(_folder);

    public sealed record Sale(long Id, string Region, double Amount, DateTime Day, bool Returned);

    public sealed class Point
    {
        public float X { get; set; }
        public float Y { get; set; }
    }

    [Fact]
    public void Records_go_in_with_their_property_types_and_come_back_as_a_DataFrame()
    {
        Sale[] sales = [new(1, "north", 10.5, new DateTime(2026, 1, 2), false), new(2, "south", 7.25, new DateTime(2026, 1, 3), true)];

        var version = _client.Datasets.Commit("sales", sales, key: ["Id"]).Version;
        var frame = _client.Datasets.Load("sales");

        Assert.Equal(["BIGINT", "VARCHAR", "DOUBLE", "TIMESTAMP", "BOOLEAN"], version.Columns.Select(c => c.Type));
        Assert.IsType<Int64DataFrameColumn>(frame["Id"]);
        Assert.IsType<DateTimeDataFrameColumn>(frame["Day"]);
        Assert.Equal("south", frame["Region"][1]);
        Assert.Equal(7.25, frame["Amount"][1]);
        Assert.Equal(new DateTime(2026, 1, 3), frame["Day"][1]);
        Assert.Equal(true, frame["Returned"][1]);
    }

    [Fact]
    public void A_DataFrame_round_trips_with_nulls_and_the_same_content_is_unchanged()
    {
        var frame = new DataFrame(
            new Int32DataFrameColumn("n", new int?[] { 1, null, 3 }),
            new StringDataFrameColumn("s", new[] { "a", null, "c" }),
            new SingleDataFrameColumn("f", new float?[] { 1.5f, 2.5f, null }));
        _client.Datasets.Commit("frame", frame);

        var back = _client.Datasets.Load("frame@1");

        Assert.Equal(3, back.Rows.Count);
        Assert.Null(back["n"][1]);
        Assert.Null(back["s"][1]);
        Assert.Null(back["f"][2]);
        Assert.Equal(2.5f, back["f"][1]);
        Assert.True(_client.Datasets.Commit("frame", back).Unchanged);
    }

    [Fact]
    public void An_ML_NET_IDataView_commits_and_a_version_trains_as_an_IDataView()
    {
        var ml = new MLContext(seed: 1);
        var points = Enumerable.Range(0, 200).Select(i => new Point { X = i / 200f, Y = 2 * i / 200f + 1 }).ToList();
        _client.Datasets.Commit("points", ml.Data.LoadFromEnumerable(points));

        var view = _client.Datasets.LoadDataView("points");
        var model = ml.Transforms.Concatenate("Features", "X").Append(ml.Regression.Trainers.LbfgsPoissonRegression(labelColumnName: "Y")).Fit(view);
        var metrics = ml.Regression.Evaluate(model.Transform(view), labelColumnName: "Y");

        Assert.Equal(200, _client.Datasets.Get("points").Rows);
        Assert.True(metrics.RSquared > 0.95, $"R² {metrics.RSquared}");
    }

    [Fact]
    public void A_value_that_is_not_a_table_or_has_unstorable_columns_is_refused()
    {
        Assert.Contains("is not a table", Assert.Throws<MlopsException>(() => TableFrames.FromObject(42, "answer")).Message);
        Assert.Contains("is not a table", Assert.Throws<MlopsException>(() => TableFrames.FromObject(new List<int> { 1, 2 }, "numbers")).Message);
        var odd = new[] { new { Name = "a", Shape = new Uri("http://x") } };
        Assert.Contains("holds Uri values", Assert.Throws<MlopsException>(() => _client.Datasets.Service.Commit("odd", TableFrames.FromObject(odd, "odd"))).Message);
    }

    [Fact]
    public void Profiling_and_drift_allocate_little_managed_memory_however_many_rows()
    {
        var rows = Enumerable.Range(0, 300_000).Select(i => new Sale(i, i % 7 == 0 ? "north" : "south", i * 0.5, new DateTime(2026, 1, 1).AddMinutes(i), i % 3 == 0));
        _client.Datasets.Commit("big", rows);
        _client.Datasets.Commit("big", rows.Select(r => r with { Amount = r.Amount * 1.1 }));
        _client.Datasets.Profile("big@1");   // warm up

        var before = GC.GetAllocatedBytesForCurrentThread();
        _client.Datasets.Profile("big@2");
        _client.Datasets.Drift("big@1", "big@2");
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // 300,000 rows x 5 columns loaded into .NET would be tens of MB; statistics computed in DuckDB bring back only results
        Assert.True(allocated < 5_000_000, $"{allocated:N0} bytes allocated");
    }

    public void Dispose()
    {
        _client.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}

namespace Mlops.Stores.Contract.Tests;

public class DatasetStatisticsTests
{
    [Theory, MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void A_profile_gives_counts_nulls_distinct_moments_top_values_and_a_histogram(string engine)
    {
        using var f = new DatasetFixture(engine);
        var rows = Enumerable.Range(1, 1000).Select(i => new object?[] { (long)i, i % 10 == 0 ? null : $"city{i % 3}", i <= 500 ? i / 100.0 : 10.0 }).ToList();
        f.Datasets.Commit("data", new RowsSource("data", [new("id", "BIGINT"), new("city", "VARCHAR"), new("x", "DOUBLE")], rows));

        var profile = f.Datasets.Profile("data", bins: 10);

        var id = profile.Columns[0];
        Assert.Equal(("id", "BIGINT", 1000L, 0L, 1000L, true), (id.Name, id.Type, id.Count, id.Nulls, id.Distinct, id.Numeric));
        Assert.Equal(("1", "1000"), (id.Min, id.Max));
        Assert.Equal(500.5, id.Mean!.Value, 6);
        Assert.Equal(Enumerable.Repeat(100L, 10), id.Histogram!.Counts);
        var city = profile.Columns[1];
        Assert.Equal((900L, 100L, 3L, false), (city.Count, city.Nulls, city.Distinct, city.Numeric));
        Assert.Equal(["city0", "city1", "city2"], city.Top.Select(t => t.Value).Order());
        Assert.Null(city.Histogram);
        var x = profile.Columns[2];
        Assert.Equal(500L, x.Top[0].Count);   // 10.0 five hundred times
        Assert.Equal(1000L, x.Histogram!.Counts.Sum());
        Assert.Equal(500L, x.Histogram.Counts[^1]);
    }

    [Theory, MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void Drift_flags_a_shifted_numeric_column_and_a_changed_category_mix_and_not_a_stable_one(string engine)
    {
        using var f = new DatasetFixture(engine);
        var random = new Random(3);
        List<object?[]> Rows(double shift, string[] cities) => Enumerable.Range(0, 5000)
            .Select(i => new object?[] { (long)i, cities[random.Next(cities.Length)], Gaussian(random) + shift, Gaussian(random) }).ToList();
        TableColumn[] columns = [new("id", "BIGINT"), new("city", "VARCHAR"), new("price", "DOUBLE"), new("noise", "DOUBLE")];
        f.Datasets.Commit("sales", new RowsSource("sales", columns, Rows(0, ["oslo", "bergen", "oslo", "oslo"])));
        f.Datasets.Commit("sales", new RowsSource("sales", columns, Rows(1.0, ["oslo", "bergen", "bergen", "trondheim"])));

        var drift = f.Datasets.Drift("sales@1", "sales@2");

        var price = drift.Columns.Single(c => c.Name == "price");
        Assert.Equal(DriftLevel.Significant, price.Level);
        Assert.InRange(price.Ks!.Value, 0.3, 0.5);      // N(0,1) vs N(1,1): sup |F1 - F2| = 2 Phi(0.5) - 1 = 0.383
        Assert.True(price.KsPValue < 1e-10);
        var city = drift.Columns.Single(c => c.Name == "city");
        Assert.Equal(DriftLevel.Significant, city.Level);
        Assert.Null(city.Ks);
        Assert.Equal(["oslo", "bergen", "(other)", "(null)"], city.Bins);   // the reference's categories; trondheim is new
        Assert.InRange(city.CurrentShare[2], 0.2, 0.3);
        var noise = drift.Columns.Single(c => c.Name == "noise");
        Assert.Equal(DriftLevel.None, noise.Level);
        Assert.True(noise.Psi < 0.05, $"psi {noise.Psi}");
        Assert.True(noise.KsPValue > 0.01, $"p {noise.KsPValue}");
        Assert.Equal(1.0, price.ReferenceShare.Sum(), 6);
    }


    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}

namespace Mlops.Charts.Tests;

public class DownsampleTests
{
    private static List<MetricPoint> Series(int count, Func<int, double> value) =>
        Enumerable.Range(0, count).Select(i => new MetricPoint(i, value(i), DateTimeOffset.UnixEpoch)).ToList();

    [Fact]
    public void Short_series_are_shown_whole()
    {
        var points = Series(100, i => i);
        Assert.Same(points, Downsample.MinMax(points, 100));
    }

    [Fact]
    public void Long_series_keep_their_ends_spikes_and_dips_in_step_order()
    {
        var points = Series(100_000, i => Math.Sin(i / 500.0));
        points[31_337] = points[31_337] with { Value = 50 };
        points[77_777] = points[77_777] with { Value = -50 };
        var shown = Downsample.MinMax(points, 1000);
        Assert.InRange(shown.Count, 500, 1002);
        Assert.Equal(0, shown[0].Step);
        Assert.Equal(99_999, shown[^1].Step);
        Assert.Contains(shown, p => p.Step == 31_337 && p.Value == 50);
        Assert.Contains(shown, p => p.Step == 77_777 && p.Value == -50);
        Assert.True(shown.Zip(shown.Skip(1)).All(pair => pair.First.Step < pair.Second.Step));
        // the envelope survives: every stretch of the original has its extremes among the shown points
        Assert.InRange(shown.Where(p => p.Step is > 40_000 and < 45_000).Max(p => p.Value), 0.99, 1.0);
    }

    [Fact]
    public void Gaps_stay_gaps()
    {
        var points = Series(10_000, i => i is >= 5_000 and < 6_000 ? double.NaN : i);
        var shown = Downsample.MinMax(points, 100);
        Assert.Contains(shown, p => double.IsNaN(p.Value));
        Assert.Equal(9_999, shown.Where(p => !double.IsNaN(p.Value)).Max(p => p.Value));
    }

    [Fact]
    public void A_budget_too_small_to_keep_a_shape_is_refused() =>
        Assert.Contains("at least 4", Assert.Throws<MlopsException>(() => Downsample.MinMax(Series(10, i => i), 3)).Message);
}

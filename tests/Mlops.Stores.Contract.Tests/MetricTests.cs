using Microsoft.Extensions.Time.Testing;

namespace Mlops.Stores.Contract.Tests;

public class MetricTests
{
    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void Every_point_reads_back_exactly_whatever_its_key_length_across_many_chunks(string engine)
    {
        var at = new DateTimeOffset(2026, 12, 7, 1, 2, 3, TimeSpan.Zero).AddTicks(4560);   // whole microseconds, as stored
        using var under = Engines.Open(engine, new TrackingOptions { Time = new FakeTimeProvider(at) });
        // keys of 1, 11, 12 (the longest kept inline in DuckDB's string slot), 13 and 250 bytes (the longest allowed)
        string[] keys = ["l", "a/b:c-d.e_f", "val_accuracy", "learning_rate", new string('k', 250)];
        var run = under.Tracking.StartRun(new RunStart("keys"));
        var expected = new Dictionary<string, List<(long Step, double Value)>>();
        for (var i = 0; i < 10_007; i++)   // several of DuckDB's 2,048-row chunks, the last one partial
        {
            var key = keys[i % keys.Length];
            var value = i % 97 == 0 ? double.NaN : Math.Sin(i) * 1e6;
            run.LogMetric(key, value, i);
            (expected.TryGetValue(key, out var list) ? list : expected[key] = []).Add((i, value));
        }
        run.End();

        var histories = under.Store.GetMetricHistories([run.Id]);
        Assert.Equal(keys.Order(StringComparer.Ordinal), histories.Select(h => h.Key).Order(StringComparer.Ordinal));
        foreach (var history in histories)
        {
            var want = expected[history.Key];
            Assert.Equal(want.Select(p => p.Step), history.Points.Select(p => p.Step));
            Assert.Equal(want.Select(p => BitConverter.DoubleToInt64Bits(p.Value)), history.Points.Select(p => BitConverter.DoubleToInt64Bits(p.Value)));
            Assert.All(history.Points, p => Assert.Equal(at, p.Timestamp));
        }
        var summaries = under.Tracking.GetRun(run.Id.Value).Metrics;
        Assert.Equal(10_007, summaries.Sum(m => m.Count));
        Assert.Equal(10_005, summaries.Single(m => m.Key == "l").LatestStep);
    }
}

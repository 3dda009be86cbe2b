namespace Mlops.Core.Tests;

public class ReproductionCheckTests
{
    private static RunDetails Run(IReadOnlyDictionary<string, string> parameters, params (string Key, double Value)[] metrics) =>
        new(new RunInfo(RunId.New(), "e", "r", RunStatus.Finished, DateTimeOffset.UnixEpoch, null, null, null, null), parameters, new Dictionary<string, string>(),
            metrics.Select(m => new MetricSummary(m.Key, m.Value, 0, m.Value, m.Value, 1, DateTimeOffset.UnixEpoch)).ToList(), [], null, []);

    [Fact]
    public void Params_must_be_equal_metrics_within_tolerance_and_timings_are_shown_not_judged()
    {
        var original = Run(new Dictionary<string, string> { ["lr"] = "0.1", ["seed"] = "1" }, ("auc", 0.9), ("rmse", 2.0), ("training_seconds", 1.5), ("gone", 1), ("nan", double.NaN));
        var again = Run(new Dictionary<string, string> { ["lr"] = "0.1", ["seed"] = "2" }, ("auc", 0.9 + 5e-7), ("rmse", 2.4), ("training_seconds", 9.0), ("nan", double.NaN));

        var rows = ReproductionCheck.Compare(original, again, 1e-6, new Dictionary<string, double> { ["rmse"] = 0.5 }).ToDictionary(r => r.Name);

        Assert.True(rows["lr"].Within);
        Assert.False(rows["seed"].Within);
        Assert.True(rows["auc"].Within);
        Assert.Equal(0.4, rows["rmse"].Difference!.Value, 9);
        Assert.True(rows["rmse"].Within);   // its own tolerance
        Assert.Equal(("timing", true, (double?)null), (rows["training_seconds"].Kind, rows["training_seconds"].Within, rows["training_seconds"].Tolerance));
        Assert.Equal(("1", null, false), (rows["gone"].Original, rows["gone"].Reproduction, rows["gone"].Within));
        Assert.True(rows["nan"].Within);
        Assert.False(ReproductionCheck.Compare(original, again, 1e-9, new Dictionary<string, double>()).Single(r => r.Name == "auc").Within);
    }

    [Fact]
    public void Tolerances_are_one_number_and_or_metric_pairs()
    {
        var (all, per) = ReproductionCheck.ParseTolerances(["0.001", "auc=0.01, rmse=0.5"]);
        Assert.Equal(0.001, all);
        Assert.Equal(new Dictionary<string, double> { ["auc"] = 0.01, ["rmse"] = 0.5 }, per);
        Assert.Equal(ReproductionCheck.DefaultTolerance, ReproductionCheck.ParseTolerances([]).Default);
        foreach (var bad in new[] { "-1", "auc=", "auc=close", "NaN" })
            Assert.Contains("give a non-negative number", Assert.Throws<MlopsException>(() => ReproductionCheck.ParseTolerances([bad])).Message);
    }
}

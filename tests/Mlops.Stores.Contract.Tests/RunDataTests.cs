namespace Mlops.Stores.Contract.Tests;

public class RunDataTests
{
    [Theory, MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void Params_are_immutable_the_same_value_again_is_a_no_op(string engine)
    {
        using var s = Engines.Open(engine);
        var run = s.Tracking.StartRun(new RunStart("r"));
        run.LogParams(new { lr = 0.01, trainer = "sdca", shuffle = true });
        run.LogParam("lr", 0.01);

        var e = Assert.Throws<MlopsException>(() => run.LogParams(new Dictionary<string, object> { ["epochs"] = 5, ["lr"] = 0.02 }));
        Assert.Equal(MlopsErrorKind.Conflict, e.Kind);
        Assert.Contains("lr = '0.01', so it cannot become '0.02'", e.Message);

        var stored = s.Tracking.GetRun(run.Id.Value).Params;
        Assert.Equal(new Dictionary<string, string> { ["lr"] = "0.01", ["shuffle"] = "true", ["trainer"] = "sdca" }, stored);
    }

    [Theory, MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void Params_come_from_public_fields_of_options_classes(string engine)
    {
        using var s = Engines.Open(engine);
        var run = s.Tracking.StartRun(new RunStart("r"));
        run.LogParams(new TrainerOptions { L2Regularization = 0.5f, MaximumNumberOfIterations = 20 });
        var stored = s.Tracking.GetRun(run.Id.Value).Params;
        Assert.Equal("0.5", stored["L2Regularization"]);
        Assert.Equal("20", stored["MaximumNumberOfIterations"]);
        Assert.False(stored.ContainsKey("LabelColumnName"));
    }

    [Theory, MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void Tags_change_and_the_note_is_replaced(string engine)
    {
        using var s = Engines.Open(engine);
        var run = s.Tracking.StartRun(new RunStart("r"));
        run.SetTag("stage", "dev");
        run.SetTag("stage", "prod");
        run.SetNote("first try");
        run.SetNote("second try");
        var details = s.Tracking.GetRun(run.Id.Value);
        Assert.Equal("prod", details.Tags["stage"]);
        Assert.Equal("second try", details.Info.Note);
    }

    [Theory, MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void Non_finite_metric_values_are_stored_as_they_are_and_min_max_skip_nan(string engine)
    {
        using var s = Engines.Open(engine);
        var run = s.Tracking.StartRun(new RunStart("r"));
        run.LogMetric("loss", 2.0, 0);
        run.LogMetric("loss", 1.0, 1);
        run.LogMetric("loss", double.PositiveInfinity, 2);
        run.LogMetric("loss", double.NaN, 3);
        run.LogMetric("grad", double.NegativeInfinity, 0);

        var history = s.Tracking.GetMetricHistory(run.Id.Value, "loss");
        Assert.Equal([2.0, 1.0, double.PositiveInfinity, double.NaN], history.Select(p => p.Value));
        var loss = s.Tracking.GetRun(run.Id.Value).Metrics.Single(m => m.Key == "loss");
        Assert.True(double.IsNaN(loss.Latest));
        Assert.Equal(1.0, loss.Min);
        Assert.Equal(double.PositiveInfinity, loss.Max);
        Assert.Equal(double.NegativeInfinity, s.Tracking.GetRun(run.Id.Value).Metrics.Single(m => m.Key == "grad").Latest);
    }

    [Theory, MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void The_latest_value_is_the_one_at_the_highest_step_not_the_last_logged(string engine)
    {
        using var s = Engines.Open(engine);
        var run = s.Tracking.StartRun(new RunStart("r"));
        run.LogMetric("acc", 0.9, 10);
        run.LogMetric("acc", 0.5, 3);
        var acc = s.Tracking.GetRun(run.Id.Value).Metrics.Single();
        Assert.Equal(0.9, acc.Latest);
        Assert.Equal(10, acc.LatestStep);
        Assert.Equal(0.9, s.Tracking.ListRuns()[0].Metrics["acc"]);
    }

    [Theory, MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void Invalid_keys_are_refused_and_nothing_is_logged(string engine)
    {
        using var s = Engines.Open(engine);
        var run = s.Tracking.StartRun(new RunStart("r"));
        var e = Assert.Throws<MlopsException>(() => run.LogMetric("val loss", 1));
        Assert.Contains(Names.KeyRule, e.Message);
        Assert.Throws<MlopsException>(() => run.LogMetrics([KeyValuePair.Create("ok", 1.0), KeyValuePair.Create("", 2.0)]));
        Assert.Throws<MlopsException>(() => run.LogParams(new Dictionary<string, string> { ["ok"] = "1", ["no;"] = "2" }));
        Assert.Throws<MlopsException>(() => run.LogParam("big", new string('x', 9000)));
        run.End();
        var details = s.Tracking.GetRun(run.Id.Value);
        Assert.Empty(details.Metrics);
        Assert.Empty(details.Params);
    }

    public sealed class TrainerOptions
    {
        public float L2Regularization;
        public int MaximumNumberOfIterations;
        public string? LabelColumnName;
    }
}

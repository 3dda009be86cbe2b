namespace Mlops.Stores.Contract.Tests;

public class ListingTests
{
    [Theory, MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void Runs_list_newest_first_with_params_and_latest_metrics_and_filter(string engine)
    {
        using var s = Engines.Open(engine);
        var a = s.Tracking.StartRun(new RunStart("a", "exp1"));
        a.LogParam("lr", 0.1);
        a.LogMetric("auc", 0.7, 0);
        a.LogMetric("auc", 0.8, 1);
        a.End();
        var b = s.Tracking.StartRun(new RunStart("b", "exp2"));
        var c = s.Tracking.StartRun(new RunStart("c", "exp1"));
        c.End(RunStatus.Failed);

        var all = s.Tracking.ListRuns();
        Assert.Equal(["c", "b", "a"], all.Select(r => r.Info.Name));
        Assert.Equal("0.1", all[2].Params["lr"]);
        Assert.Equal(0.8, all[2].Metrics["auc"]);
        Assert.Equal(["c", "a"], s.Tracking.ListRuns(new RunFilter("exp1")).Select(r => r.Info.Name));
        Assert.Equal(["b"], s.Tracking.ListRuns(new RunFilter(Status: RunStatus.Running)).Select(r => r.Info.Name));
        Assert.Equal(["c"], s.Tracking.ListRuns(new RunFilter(Limit: 1)).Select(r => r.Info.Name));
        Assert.Equal(MlopsErrorKind.NotFound, Assert.Throws<MlopsException>(() => s.Tracking.ListRuns(new RunFilter("nope"))).Kind);
        Assert.Equal(MlopsErrorKind.InvalidArgument, Assert.Throws<MlopsException>(() => s.Tracking.ListRuns(new RunFilter(Limit: 0))).Kind);
    }

    [Theory, MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void Experiments_are_created_on_first_use_and_listed_with_counts(string engine)
    {
        using var s = Engines.Open(engine);
        s.Tracking.UseExperiment("empty");
        s.Tracking.StartRun(new RunStart("a", "churn"));
        s.Tracking.StartRun(new RunStart("b", "churn")).End();
        s.Tracking.UseExperiment("churn");

        var list = s.Tracking.ListExperiments();
        Assert.Equal(["churn", "empty"], list.Select(e => e.Experiment.Name));
        Assert.Equal(2, list[0].Runs);
        Assert.Equal(1, list[0].ActiveRuns);
        Assert.Equal(0, list[1].Runs);
    }

    [Theory, MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void A_run_is_found_by_a_unique_prefix_and_ambiguity_is_explained(string engine)
    {
        using var s = Engines.Open(engine);
        var experiment = s.Tracking.UseExperiment("e");
        var probe = new SystemEnvironmentProbe();
        foreach (var id in new[] { "abcd0000000000000000000000000001", "abcd0000000000000000000000000002", "ffff0000000000000000000000000001" })
            s.Store.CreateRun(new NewRun(new RunInfo(RunId.Parse(id), "e", id, RunStatus.Finished, DateTimeOffset.UtcNow, null, null, null, null),
                experiment.Id, new Dictionary<string, string>(), probe.Capture(), probe.CurrentOwner()));

        Assert.Equal("ffff0000000000000000000000000001", s.Tracking.ResolveRunId("FFFF").Value);
        Assert.Equal("abcd0000000000000000000000000002", s.Tracking.ResolveRunId("abcd0000000000000000000000000002").Value);
        var ambiguous = Assert.Throws<MlopsException>(() => s.Tracking.ResolveRunId("abcd"));
        Assert.Equal(MlopsErrorKind.InvalidArgument, ambiguous.Kind);
        Assert.Contains("abcd0000", ambiguous.Message);
        Assert.Contains("more digits", ambiguous.Message);
        Assert.Equal(MlopsErrorKind.NotFound, Assert.Throws<MlopsException>(() => s.Tracking.ResolveRunId("1234")).Kind);
        Assert.Equal(MlopsErrorKind.InvalidArgument, Assert.Throws<MlopsException>(() => s.Tracking.ResolveRunId("abc")).Kind);
        Assert.Equal(MlopsErrorKind.InvalidArgument, Assert.Throws<MlopsException>(() => s.Tracking.ResolveRunId("not-hex!")).Kind);
        Assert.Equal(MlopsErrorKind.NotFound, Assert.Throws<MlopsException>(() => s.Tracking.GetRun(RunId.New().Value)).Kind);
    }

    [Theory, MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void Status_counts_the_store(string engine)
    {
        using var s = Engines.Open(engine);
        var run = s.Tracking.StartRun(new RunStart("a"));
        for (var i = 0; i < 10; i++) run.LogMetric("m", i, i);
        var status = s.Tracking.GetStatus();
        Assert.Equal(1, status.Experiments);
        Assert.Equal(1, status.Runs);
        Assert.Equal(1, status.ActiveRuns);
        Assert.Equal(10, status.MetricPoints);
        Assert.True(status.SchemaVersion > 0);
        Assert.StartsWith(s.Engine == Engines.Postgres ? "PostgreSQL 1" : "DuckDB v1.5", status.Engine);
    }
}

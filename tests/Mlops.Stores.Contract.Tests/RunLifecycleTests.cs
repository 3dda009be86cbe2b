using Microsoft.Extensions.Time.Testing;

namespace Mlops.Stores.Contract.Tests;

public class RunLifecycleTests
{
    [Theory, MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void A_started_run_is_running_in_its_experiment_with_tags_and_environment(string engine)
    {
        using var s = Engines.Open(engine);
        var run = s.Tracking.StartRun(new RunStart("baseline", "churn", [KeyValuePair.Create("stage", "dev")]));

        var details = s.Tracking.GetRun(run.Id.Value);
        Assert.Equal(RunStatus.Running, details.Info.Status);
        Assert.Equal("churn", details.Info.Experiment);
        Assert.Equal("baseline", details.Info.Name);
        Assert.Equal("dev", details.Tags["stage"]);
        Assert.NotNull(details.Environment);
        Assert.Equal(Environment.ProcessId, details.Environment!.ProcessId);
        Assert.Equal(RepoFiles.Property("VersionPrefix"), details.Environment.Assemblies["Mlops"]);
        Assert.Null(details.Info.EndTime);
    }

    [Theory, MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void Times_come_from_the_injected_clock(string engine)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        using var s = Engines.Open(engine, new TrackingOptions { Time = clock });
        var run = s.Tracking.StartRun(new RunStart("timed"));
        clock.Advance(TimeSpan.FromMinutes(5));
        run.LogMetric("loss", 0.5, 1);
        clock.Advance(TimeSpan.FromMinutes(5));
        run.End();

        var details = s.Tracking.GetRun(run.Id.Value);
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero), details.Info.StartTime);
        Assert.Equal(TimeSpan.FromMinutes(10), details.Info.Duration);
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 12, 5, 0, TimeSpan.Zero), details.Metrics.Single().LastTimestamp);
    }

    [Theory, MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void Ending_a_run_writes_its_metrics_and_status_and_a_second_end_changes_nothing(string engine)
    {
        using var s = Engines.Open(engine);
        var run = s.Tracking.StartRun(new RunStart("r"));
        for (var i = 0; i < 1000; i++) run.LogMetric("loss", 1.0 / (i + 1), i);
        run.End(RunStatus.Failed, "diverged");
        run.End(RunStatus.Finished);

        var details = s.Tracking.GetRun(run.Id.Value);
        Assert.Equal(RunStatus.Failed, details.Info.Status);
        Assert.Equal("diverged", details.Info.StatusReason);
        Assert.Equal(1000, details.Metrics.Single().Count);
        Assert.Equal(999, details.Metrics.Single().LatestStep);
        Assert.Equal(1.0 / 1000, details.Metrics.Single().Latest);
    }

    [Theory, MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void Logging_to_an_ended_run_is_refused(string engine)
    {
        using var s = Engines.Open(engine);
        var run = s.Tracking.StartRun(new RunStart("r"));
        run.End();

        var e = Assert.Throws<MlopsException>(() => run.LogMetric("loss", 1));
        Assert.Equal(MlopsErrorKind.InvalidState, e.Kind);
        Assert.Contains("has ended", e.Message);
        Assert.Throws<MlopsException>(() => run.LogParam("lr", 0.1));
        Assert.Empty(s.Tracking.GetRun(run.Id.Value).Params);
    }

    [Theory, MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void Disposing_a_run_ends_it_as_finished(string engine)
    {
        using var s = Engines.Open(engine);
        RunId id;
        using (var run = s.Tracking.StartRun(new RunStart("r"))) id = run.Id;
        Assert.Equal(RunStatus.Finished, s.Tracking.GetRun(id.Value).Info.Status);
        Assert.Empty(s.Tracking.OpenRuns);
    }

    [Theory, MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void Nested_runs_point_at_their_parent_and_the_parent_lists_them(string engine)
    {
        using var s = Engines.Open(engine);
        var parent = s.Tracking.StartRun(new RunStart("sweep"));
        var a = s.Tracking.StartRun(new RunStart("trial-a", Parent: parent.Id));
        var b = s.Tracking.StartRun(new RunStart("trial-b", Parent: parent.Id));

        Assert.Equal(parent.Id, s.Tracking.GetRun(a.Id.Value).Info.ParentId);
        Assert.Equal(["trial-a", "trial-b"], s.Tracking.GetRun(parent.Id.Value).Children.Select(c => c.Name));
        Assert.Equal(2, s.Tracking.ListRuns(new RunFilter(Parent: parent.Id)).Count);
        Assert.Equal(b.Id, s.Tracking.ListRuns(new RunFilter(Parent: parent.Id))[0].Info.Id);
    }

    [Theory, MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void An_unknown_parent_is_refused_and_creates_nothing(string engine)
    {
        using var s = Engines.Open(engine);
        var e = Assert.Throws<MlopsException>(() => s.Tracking.StartRun(new RunStart("x", Parent: RunId.New())));
        Assert.Equal(MlopsErrorKind.NotFound, e.Kind);
        Assert.Empty(s.Tracking.ListRuns());
    }

    [Theory, MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void Unnamed_runs_get_a_readable_name(string engine)
    {
        using var s = Engines.Open(engine);
        var run = s.Tracking.StartRun(new RunStart());
        Assert.Matches("^[a-z]+-[a-z]+-[0-9]{3}$", run.Name);
        Assert.Equal("Default", run.Experiment);
    }

    [Theory, MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void Invalid_names_are_refused_with_the_rule(string engine)
    {
        using var s = Engines.Open(engine);
        var e = Assert.Throws<MlopsException>(() => s.Tracking.StartRun(new RunStart("bad\nname")));
        Assert.Equal(MlopsErrorKind.InvalidArgument, e.Kind);
        Assert.Contains(Names.NameRule, e.Message);
        Assert.Throws<MlopsException>(() => s.Tracking.StartRun(new RunStart("ok", Experiment: "   ")));
        Assert.Throws<MlopsException>(() => s.Tracking.StartRun(new RunStart("ok", Tags: [KeyValuePair.Create("bad key", "v")])));
        Assert.Empty(s.Tracking.ListRuns());
        Assert.Empty(s.Tracking.ListExperiments());
    }
}

namespace Mlops.Stores.Contract.Tests;

public class RunSearchTests
{
    private static StoreUnderTest Sweep(string engine)
    {
        var s = Engines.Open(engine);
        (string Name, string Trainer, double Lr, double Auc, string? Stage, RunStatus Status)[] runs =
        [
            ("a", "sdca", 0.1, 0.95, "prod", RunStatus.Finished),
            ("b", "lbfgs", 0.01, 0.91, null, RunStatus.Finished),
            ("c", "fasttree", 0.5, 0.97, "dev", RunStatus.Failed),
            ("d", "sdca", 0.05, 0.85, "dev", RunStatus.Finished),
        ];
        foreach (var (name, trainer, lr, auc, stage, status) in runs)
        {
            var run = s.Tracking.StartRun(new RunStart(name, "sweep"));
            run.LogParams(new { trainer, lr });
            run.LogMetric("auc", auc - 0.1, 0);
            run.LogMetric("auc", auc, 1);
            if (stage is not null) run.SetTag("stage", stage);
            run.End(status);
        }
        return s;
    }

    private static List<string> Names(StoreUnderTest s, string where, string? order = null) =>
        s.Tracking.ListRuns(RunFilter.Parse(where, order)).Select(r => r.Info.Name).ToList();

    [Theory, MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void The_filter_language_selects_runs(string engine)
    {
        using var s = Sweep(engine);
        Assert.Equal(["a", "b", "c"], Names(s, "metrics.auc > 0.9 and (params.trainer in ('sdca','lbfgs') or tags.stage = 'dev')", "name"));
        Assert.Equal(["b"], Names(s, "metrics.auc > 0.9 and params.trainer in ('sdca','lbfgs') and tags.stage is null"));
        Assert.Equal(["a", "d"], Names(s, "params.trainer = 'sdca'", "name"));
        Assert.Equal(["b", "d"], Names(s, "params.lr < 0.1", "name"));                 // numeric comparison of text params
        Assert.Equal(["a", "b", "d"], Names(s, "not status = 'failed'", "name"));
        Assert.Equal(["c", "d"], Names(s, "tags.stage like 'd%'", "name"));
        Assert.Equal(["a", "b", "d"], Names(s, "params.trainer not in ('fasttree')", "name"));
        Assert.Equal(["a", "b", "c", "d"], Names(s, "experiment = 'sweep' and duration >= 0", "name"));
        Assert.Empty(Names(s, "metrics.nope > 0"));
        Assert.Equal(["a", "b", "c", "d"], Names(s, "metrics.nope is null", "name"));
        Assert.Equal(["a", "b", "c", "d"], Names(s, $"start_time >= '{DateTime.UtcNow.AddDays(-1):yyyy-MM-dd}'", "name"));
    }

    [Theory, MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void Runs_sort_by_any_field_and_params_sort_as_numbers(string engine)
    {
        using var s = Sweep(engine);
        Assert.Equal(["c", "a", "b", "d"], Names(s, "duration >= 0", "metrics.auc desc"));
        Assert.Equal(["b", "d", "a", "c"], Names(s, "duration >= 0", "params.lr"));       // 0.01 < 0.05 < 0.1 < 0.5, not text order
        Assert.Equal(["c", "d", "a", "b"], Names(s, "duration >= 0", "tags.stage, name")); // dev, dev, prod, then no tag
        Assert.Equal(2, s.Tracking.ListRuns(RunFilter.Parse("duration >= 0", "name", limit: 2)).Count);
    }

    [Theory, MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void User_text_never_becomes_SQL(string engine)
    {
        using var s = Sweep(engine);
        Assert.Empty(Names(s, "params.x = '1''; drop table runs; --'"));
        Assert.Empty(Names(s, "name = 'a'' OR ''1''=''1'"));
        Assert.Empty(Names(s, "params.`x') OR 1=1 --` = 'y'"));
        Assert.Throws<MlopsException>(() => Names(s, "params.x = '1'; drop table runs; --'"));
        Assert.Equal(4, s.Tracking.ListRuns().Count);
        Assert.Equal(4, s.Tracking.GetStatus().Runs);
    }

    [Theory, MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void A_time_that_is_not_a_time_is_refused(string engine)
    {
        using var s = Sweep(engine);
        Assert.Contains("needs a time", Assert.Throws<MlopsException>(() => Names(s, "start_time > 'yesterday'")).Message);
    }
}

namespace Mlops.Interactive.Tests;

public class CompareAndReportTests
{
    private static async Task<TestKernel> SweepAsync()
    {
        var k = await TestKernel.StartAsync();
        (await k.SubmitAsync("""
            var sweep = MLOps.StartRun("sweep", tags: new { kind = "sweep" });
            foreach (var (lr, trainer) in new[] { (0.1, "sdca"), (0.01, "sdca"), (0.05, "lbfgs") })
            {
                using var trial = MLOps.StartRun($"lr-{lr}", parent: sweep.Id, tags: new { sweep = "lr" });
                trial.LogParams(new { lr, trainer, epochs = 10 });
                for (var step = 0; step < 50; step++) trial.LogMetric("loss", Math.Exp(-lr * step), step);
                trial.LogMetric("auc", 0.8 + lr, 49);
            }
            MLOps.EndRun();
            """)).ShouldSucceed();
        return k;
    }

    [Fact]
    public async Task Runs_are_listed_by_filter_and_order()
    {
        using var k = await SweepAsync();
        var list = await k.SubmitAsync("#!run list --where \"tags.sweep = 'lr' and params.trainer = 'sdca'\" --order-by \"metrics.auc desc\" --into best");
        list.ShouldSucceed();
        Assert.Equal("lr-0.1,lr-0.01", (await k.SubmitAsync("string.Join(\",\", best[\"name\"].Cast<object>())")).ReturnValue());
        var bad = (await k.SubmitAsync("#!run list --where \"metrics.auc >\"")).ShouldFail();
        Assert.Contains("invalid filter: expected a value", bad);
        Assert.Contains("  metrics.auc >\n", bad);
        Assert.Contains("^", bad);
    }

    [Fact]
    public async Task Compare_shows_the_table_and_every_view()
    {
        using var k = await SweepAsync();
        var result = await k.SubmitAsync("#!run compare --where \"tags.sweep = 'lr'\" --metric auc --diff-only");
        result.ShouldSucceed();
        var html = result.Html();
        Assert.Contains("Comparing 3 runs", html);
        Assert.Contains("params.lr", html);
        Assert.DoesNotContain("params.epochs", html);       // the same in every run: left out with --diff-only
        Assert.Contains("\"type\":\"parcoords\"", html);
        Assert.Contains("\"type\":\"scatter\",\"mode\":\"markers\"", html);
        Assert.Contains("\"mode\":\"lines\"", html);
        Assert.Contains("window.Plotly === 'undefined'", html);   // the session's first chart carries plotly.js

        var ids = MLOps.SearchRuns("tags.sweep = 'lr'", "name").Select(r => r.Info.Id.Short).ToList();
        var byId = await k.SubmitAsync($"#!run compare {ids[0]} {ids[1]} --transpose --agg min");
        byId.ShouldSucceed();
        Assert.Contains("Comparing 2 runs", byId.Html());
        Assert.DoesNotContain("window.Plotly === 'undefined'", byId.Html());   // later charts wait for the first one's copy
        Assert.Contains("give run ids or --where, not both", (await k.SubmitAsync($"#!run compare {ids[0]} --where \"name = 'x'\"")).ShouldFail());
        Assert.Contains("compare needs at least two runs", (await k.SubmitAsync($"#!run compare {ids[0]}")).ShouldFail());
        Assert.Contains("--agg must be last, min or max", (await k.SubmitAsync($"#!run compare {ids[0]} {ids[1]} --agg mean")).ShouldFail());
        Assert.Contains("no compared run has a metric 'f1'", (await k.SubmitAsync($"#!run compare {ids[0]} {ids[1]} --metric f1")).ShouldFail());
    }

    [Fact]
    public async Task Show_draws_each_metric_curve_and_reports_are_written()
    {
        using var k = await SweepAsync();
        var id = MLOps.SearchRuns("name = 'lr-0.1'").Single().Info.Id.Short;
        var show = (await k.SubmitAsync($"#!run show {id}")).Html();
        Assert.Contains("\"title\":{\"text\":\"loss\"", show);

        var file = Path.Combine(k.Folder, "reports", "run.html");
        var report = await k.SubmitAsync($"#!mlops report --run {id} --out \"{file}\"");
        report.ShouldSucceed();
        Assert.Contains("opens with no network", report.Html());
        var first = await File.ReadAllTextAsync(file);
        Assert.Contains("<!DOCTYPE html>", first);
        Assert.Contains("lr-0.1", first);
        (await k.SubmitAsync($"#!mlops report --run {id} --out \"{file}\"")).ShouldSucceed();
        Assert.Equal(first, await File.ReadAllTextAsync(file));

        (await k.SubmitAsync($"#!mlops report --compare \"tags.sweep = 'lr'\" --out \"{Path.Combine(k.Folder, "c.html")}\"")).ShouldSucceed();
        (await k.SubmitAsync($"#!mlops report --experiment Default --out \"{Path.Combine(k.Folder, "e.html")}\"")).ShouldSucceed();
        Assert.Contains("exactly one of --run", (await k.SubmitAsync($"#!mlops report --run {id} --experiment Default --out x.html")).ShouldFail());
        Assert.Contains("Missing required parameter '--out'", (await k.SubmitAsync($"#!mlops report --run {id}")).ShouldFail());
    }

    [Fact]
    public async Task A_live_chart_redraws_in_place_while_a_loop_logs()
    {
        using var k = await TestKernel.StartAsync();
        var result = await k.SubmitAsync("""
            var run = MLOps.StartRun("live");
            using (var live = MLOps.LiveChart(["loss"], TimeSpan.FromMilliseconds(100)))
            {
                for (var step = 0; step < 30; step++)
                {
                    run.LogMetric("loss", 1.0 / (step + 1), step);
                    run.LogMetric("other", step, step);
                    if (step % 10 != 9) continue;
                    // the loop goes on once the timer has drawn what it logged (no thread of ours draws it)
                    var drawn = live.Redraws;
                    if (!System.Threading.SpinWait.SpinUntil(() => live.Redraws > drawn, 30_000)) throw new System.TimeoutException("no redraw");
                }
            }
            run.End();
            """);
        result.ShouldSucceed();
        var updates = result.Events.OfType<Microsoft.DotNet.Interactive.Events.DisplayedValueUpdated>().ToList();
        Assert.True(updates.Count >= 2, $"{updates.Count} redraws");
        var last = updates[^1].FormattedValues.Single().Value;
        Assert.Contains("loss = 0.0333333 at step 29", last);
        Assert.DoesNotContain("other", last);
        Assert.Contains("\"title\":{\"text\":\"loss (live)\"", last);
        Assert.Contains("live charts show in a notebook", Assert.Throws<MlopsException>(() =>
        {
            var display = MLOps.LiveDisplay;
            MLOps.LiveDisplay = null;
            try { MLOps.LiveChart(); }
            finally { MLOps.LiveDisplay = display; }
        }).Message);
    }
}

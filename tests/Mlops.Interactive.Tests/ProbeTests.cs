namespace Mlops.Interactive.Tests;
public class ProbeTests
{
    [Fact]
    public async Task P()
    {
        using var k = await TestKernel.StartAsync();
        (await k.SubmitAsync("""
            var sweep = MLOps.StartRun("sweep", tags: new { kind = "sweep" });
            foreach (var lr in new[] { 0.1, 0.2 })
            {
                using var trial = MLOps.StartRun($"lr-{lr}", parent: sweep.Id, tags: new { sweep = "churn" });
                trial.LogParams(new { lr });
                for (var i = 1; i <= 10; i++) trial.LogMetric("auc", lr * i, i);
            }
            MLOps.EndRun();
            """)).ShouldSucceed();
        (await k.SubmitAsync("""
            var reports = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "probe-reports");
            var sweepReport = System.IO.Path.Combine(reports, "churn-sweep.html");
            var runReport = System.IO.Path.Combine(reports, "sweep-run.html");
            var sweepId = sweep.Id.Value;
            """)).ShouldSucceed();
        var a = await k.SubmitAsync("#!mlops report --compare \"tags.sweep = 'churn'\" --out @csharp:sweepReport").WaitAsync(TimeSpan.FromSeconds(60));
        System.Console.WriteLine("A: " + string.Join(",", a.Events.Select(e => e.GetType().Name)));
        var b = await k.SubmitAsync("#!mlops report --run @csharp:sweepId --out @csharp:runReport").WaitAsync(TimeSpan.FromSeconds(60));
        System.Console.WriteLine("B: " + string.Join(",", b.Events.Select(e => e.GetType().Name)));
    }
}

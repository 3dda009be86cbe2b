using System.Text.RegularExpressions;

namespace Mlops.Notebooks.Tests;

[Collection(KernelCollection.Name)]
public class CompareNotebookTests(KernelSandbox sandbox)
{
    [Fact]
    public async Task The_compare_notebook_sweeps_searches_compares_draws_live_and_writes_reports()
    {
        using var run = await NotebookRun.ExecuteAsync(sandbox, sandbox.Notebook("04-compare-and-report.ipynb"));
        run.ShouldSucceed();

        // the sweep: eight finished children of one parent, each with a curve per metric
        using var client = MlopsClient.Open(run.Store);
        var sweep = client.GetRun(client.SearchRuns("name = 'sweep'").Single().Info.Id.Value);
        Assert.Equal(8, sweep.Children.Count);
        var children = client.SearchRuns("tags.sweep = 'churn'", limit: 100);
        Assert.Equal(8, children.Count);
        Assert.All(children, c => Assert.Equal(sweep.Info.Id, c.Info.ParentId));
        var trial = client.GetRun(children[0].Info.Id.Value);
        Assert.Equal(["auc", "log_loss"], trial.Metrics.Select(m => m.Key));
        Assert.All(trial.Metrics, m => Assert.Equal(10, m.Count));

        // the filtered lists show what the filter selects, in order
        var best = client.SearchRuns("tags.sweep = 'churn' and metrics.auc > 0.8 and (params.trainer = 'sdca' or params.l2 < 0.01)", "metrics.auc desc, name");
        Assert.NotEmpty(best);
        var listed = run.OutputOf("metrics.auc > 0.8 and");
        Assert.True(best.Select(r => listed.IndexOf(r.Info.Name + "<", StringComparison.Ordinal)).Order().SequenceEqual(
            best.Select(r => listed.IndexOf(r.Info.Name + "<", StringComparison.Ordinal))), "listed in the order asked for");
        var noCalls = run.OutputOf("params.features like 'no%'");
        Assert.Contains("sdca-l2-1-no_calls", noCalls);
        Assert.DoesNotContain("lbfgs-l2", noCalls);

        // the comparison shows the table and every view
        var compare = run.OutputOf("#!run compare --where \"tags.sweep = 'churn'\" --metric auc");
        Assert.Contains("Comparing 8 runs", compare);
        foreach (var view in new[] { "\"mode\":\"lines\"", "\"type\":\"parcoords\"", "\"mode\":\"markers\"" }) Assert.Contains(view, compare);
        var diffOnly = run.OutputOf("--diff-only --transpose");
        Assert.Contains("Only the params and metrics that differ", diffOnly);
        Assert.DoesNotContain("params.iterations", diffOnly);
        Assert.Contains("Comparing 2 runs", run.OutputOf("MLOps.Compare("));

        // the live chart ended showing the last of 40 steps
        var final = client.GetRun(client.SearchRuns("name = 'final'").Single().Info.Id.Value);
        Assert.Equal(40, final.Metrics.Single(m => m.Key == "log_loss").Count);
        Assert.Contains("at step 40", run.OutputOf("MLOps.LiveChart("));

        // reports: one file each, plotly.js once, every chart drawn offline
        var reports = Path.Combine(run.Folder, "reports");
        foreach (var (file, charts) in new[] { ("churn-sweep.html", 4), ("sweep-run.html", 0) })
        {
            var html = await File.ReadAllTextAsync(Path.Combine(reports, file));
            Assert.Single(Regex.Matches(html, Regex.Escape("window.Plotly === 'undefined'")));
            var drawn = await HeadlessChromium.DrawAsync(Path.Combine(reports, file));
            Assert.Equal(charts, drawn.Charts);
            Assert.Empty(drawn.NotDrawn);
        }
        Assert.Contains("Child runs", await File.ReadAllTextAsync(Path.Combine(reports, "sweep-run.html")));

        // the executed notebook carries plotly.js once and stays small; its HTML export draws every chart
        Assert.Single(Regex.Matches(await File.ReadAllTextAsync(run.ExecutedPath), Regex.Escape("window.Plotly === 'undefined'")));
        Assert.InRange(new FileInfo(run.ExecutedPath).Length, 3_000_000, 5_000_000);
        var exported = await HeadlessChromium.DrawAsync(run.HtmlPath);
        Assert.True(exported.Charts >= 10, $"{exported.Charts} charts");
        Assert.Empty(exported.NotDrawn);
    }
}

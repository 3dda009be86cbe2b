using Mlops.Charts;

namespace Mlops.Notebooks.Tests;

/// <summary>Reports open in headless Chromium with no network, and every chart in them draws.</summary>
public sealed class ChartDrawingTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "mlops-draw-" + Guid.NewGuid().ToString("N")[..10]);

    [Fact]
    public async Task Every_chart_of_a_run_report_and_a_comparison_report_draws_offline()
    {
        string runId;
        using (var client = MlopsClient.Open(Path.Combine(_folder, "store")))
        {
            foreach (var (lr, trainer) in new[] { (0.1, "sdca"), (0.01, "lbfgs"), (0.05, "sdca") })
            {
                using var trial = client.StartRun($"lr-{lr}", tags: new { sweep = "lr" });
                trial.LogParams(new { lr, trainer });
                for (var step = 0; step < 200; step++)
                {
                    trial.LogMetric("loss", Math.Exp(-lr * step), step);
                    trial.LogMetric("auc", 0.6 + lr * step / 100, step);
                }
            }
            runId = client.SearchRuns("name = 'lr-0.1'").Single().Info.Id.Value;
            ReportWriter.Write(client.Reports.Run(runId), Path.Combine(_folder, "run.html"));
            ReportWriter.Write(client.Reports.Comparison("tags.sweep = 'lr'", metric: "auc"), Path.Combine(_folder, "compare.html"));
        }

        var single = await HeadlessChromium.DrawAsync(Path.Combine(_folder, "run.html"));
        Assert.Equal(2, single.Charts);                  // loss and auc
        Assert.Empty(single.NotDrawn);
        var comparison = await HeadlessChromium.DrawAsync(Path.Combine(_folder, "compare.html"));
        Assert.Equal(4, comparison.Charts);              // auc and loss curves, params against auc, auc by lr (trainer is not a number)
        Assert.Empty(comparison.NotDrawn);
    }

    [Fact]
    public async Task A_chart_without_plotly_js_is_counted_as_not_drawn()
    {
        Directory.CreateDirectory(_folder);
        var page = Path.Combine(_folder, "bare.html");
        var chart = new LineChart("loss", [new LineSeries("a", [0, 1], [1, 0.5])], "step", "loss");
        await File.WriteAllTextAsync(page, "<!DOCTYPE html><html><body>" + ChartHtml.Render([chart], "bare", includeBundle: false) + "</body></html>");
        var result = await HeadlessChromium.DrawAsync(page);
        Assert.Equal(1, result.Charts);
        Assert.Equal(["bare-0"], result.NotDrawn);
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}

using Microsoft.ML;
using Mlops.MLNet;

namespace Mlops.Notebooks.Tests;

/// <summary>A run card of a fitted model, drawn by headless Chromium: every chart shows something.</summary>
public class EmptyPlotTests
{
    private sealed record Row(float X, float Y, bool Label);

    [Fact]
    public async Task A_report_of_a_fitted_run_has_no_empty_plot_areas()
    {
        var folder = Directory.CreateTempSubdirectory("mlops-empty-plots-").FullName;
        try
        {
            using var client = MlopsClient.Open(Path.Combine(folder, "store"));
            var random = new Random(3);
            client.Datasets.Commit("points", Enumerable.Range(0, 400).Select(_ =>
            {
                var (x, y) = ((float)random.NextDouble(), (float)random.NextDouble());
                return new Row(x, y, x + y + 0.3 * random.NextDouble() > 1.1);
            }).ToList());
            var ml = new MLContext(seed: 0);
            var id = client.Run("fit", run =>
            {
                run.Fit(ml, ml.Transforms.Concatenate("Features", "X", "Y").Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression()),
                    client.Datasets.LoadDataView("points@1"));   // logs auc, log_loss, training_seconds ... once, at step 0
                for (var step = 0; step < 20; step++) run.LogMetric("loss", 1.0 / (step + 1), step);   // and one real curve
                return run.Id;
            });
            var page = ReportWriter.Write(client.Reports.Run(id.Value), Path.Combine(folder, "run.html"));

            var (charts, empty) = await HeadlessChromium.EmptyPlotsAsync(page);

            Assert.True(charts >= 1, "the loss curve is charted");
            Assert.Empty(empty);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

using Microsoft.ML;
using Mlops.MLNet;
using static Mlops.Cli.Tests.CliTests;

namespace Mlops.Cli.Tests;

public sealed class ModelCliTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "mlops-cli-" + Guid.NewGuid().ToString("N")[..10]);

    private string Store => Path.Combine(_folder, "store");

    public sealed record Row(float X, float Y, bool Label);

    private (string Weak, string Strong) Train()
    {
        var random = new Random(3);
        var rows = Enumerable.Range(0, 400).Select(_ =>
        {
            var (x, y) = ((float)random.NextDouble(), (float)random.NextDouble());
            return new Row(x, y, x + 0.5 * y + 0.3 * random.NextDouble() > 0.9);
        }).ToList();
        using var client = MlopsClient.Open(Store);
        client.Datasets.Commit("holdout", rows);
        var ml = new MLContext(seed: 0);
        var data = ml.Data.LoadFromEnumerable(rows);
        string Fit(string name, params string[] features)
        {
            using var run = client.StartRun(name);
            return run.Fit(ml, ml.Transforms.Concatenate("Features", features).Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression()), data).Run;
        }
        return (Fit("weak", "Y"), Fit("strong", "X", "Y"));
    }

    [Fact]
    public async Task Register_promote_with_a_failing_then_a_passing_gate_download_and_history()
    {
        var (weak, strong) = Train();
        var registered = await MlopsAsync("model", "register", "churn", "--run", weak[..8], "--store", Store);
        Assert.Equal(0, registered.Exit);
        Assert.Contains("registered churn/1", registered.Output);
        Assert.Equal(0, (await MlopsAsync("model", "register", "churn", "--run", strong, "--store", Store)).Exit);
        Assert.Equal(0, (await MlopsAsync("model", "alias", "churn", "--version", "1", "--alias", "champion", "--store", Store)).Exit);

        var failed = await MlopsAsync("model", "promote", "churn", "--version", "2", "--to", "champion", "--on", "holdout@1",
            "--gate", "auc <= champion.auc - 0.1", "--store", Store);
        Assert.Equal(3, failed.Exit);
        Assert.Contains("gate failed: churn@champion stays at version 1", failed.Output);
        Assert.Contains("FAILS", failed.Output);

        var passed = await MlopsAsync("model", "promote", "churn", "--version", "2", "--to", "champion", "--on", "holdout@1",
            "--gate", "auc >= champion.auc", "--store", Store);
        Assert.Equal(0, passed.Exit);
        Assert.Contains("passed: churn@champion -> version 2 (was 1)", passed.Output);

        var bad = await MlopsAsync("model", "promote", "churn", "--version", "1", "--to", "champion", "--on", "holdout@1", "--gate", "auc >=", "--store", Store);
        Assert.Equal(2, bad.Exit);
        Assert.Contains("invalid gate", bad.Error);
        Assert.Contains("^", bad.Error);

        var file = Path.Combine(_folder, "out", "champion.zip");
        var download = await MlopsAsync("model", "download", "churn@champion", "--to", file, "--store", Store);
        Assert.Equal(0, download.Exit);
        var loaded = new MLContext().Model.Load(file, out var schema);
        Assert.NotNull(schema.GetColumnOrNull("X"));

        var history = await MlopsAsync("model", "history", "churn", "--store", Store);
        Assert.Equal(0, history.Exit);
        Assert.Contains("alias set", history.Output);
        Assert.Contains("gate failed", history.Output);
        Assert.Contains("passed", history.Output);
        var show = await MlopsAsync("model", "show", "churn@champion", "--store", Store);
        Assert.Contains("churn/2 [champion]", show.Output);
        Assert.Contains("area_under_roc_curve", show.Output);

        var reportPath = Path.Combine(_folder, "card.html");
        var report = await MlopsAsync("report", "--model", "churn@champion", "--out", reportPath, "--store", Store);
        Assert.Equal(0, report.Exit);
        var html = await File.ReadAllTextAsync(reportPath);
        Assert.Contains("<title>Model churn/2</title>", html);
        Assert.Contains("confusion matrix", html);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, "window.Plotly === 'undefined'"));
        Assert.Equal(0, (await MlopsAsync("report", "--model", "churn@champion", "--out", reportPath + "2", "--store", Store)).Exit);
        Assert.Equal(html, await File.ReadAllTextAsync(reportPath + "2"));   // the same store, the same bytes

        var unknown = await MlopsAsync("model", "show", "nope", "--store", Store);
        Assert.Equal(2, unknown.Exit);
        Assert.Contains("model 'nope' does not exist; the models are churn", unknown.Error);

        var held = await MlopsAsync("model", "delete", "churn/2", "--store", Store);
        Assert.Equal(1, held.Exit);
        Assert.Contains("churn/2 is churn@champion: an alias points at it", held.Error);
        var deleted = await MlopsAsync("model", "delete", "churn/1", "--store", Store);
        Assert.Equal(0, deleted.Exit);
        Assert.Contains("deleted churn/1", deleted.Output);
        var gone = await MlopsAsync("model", "show", "churn/1", "--store", Store);
        Assert.Contains("churn/1 was deleted", gone.Error);
        Assert.Equal(0, (await MlopsAsync("model", "history", "churn", "--store", Store)).Exit);   // its decisions still show
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }
}

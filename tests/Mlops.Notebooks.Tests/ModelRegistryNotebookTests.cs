namespace Mlops.Notebooks.Tests;

[Collection(KernelCollection.Name)]
public class ModelRegistryNotebookTests(KernelSandbox sandbox)
{
    [Fact]
    public async Task The_registry_notebook_trains_two_models_promotes_through_a_failing_and_a_passing_gate_loads_and_predicts()
    {
        using var run = await NotebookRun.ExecuteAsync(sandbox, sandbox.Notebook("03-model-registry.ipynb"));
        run.ShouldSucceed();

        using var client = MlopsClient.Open(run.Store);
        var model = client.Models.Get("churn");
        Assert.Equal(2, model.Versions.Count);
        Assert.Equal(2, model.Summary.Aliases["champion"]);
        Assert.Equal([DecisionOutcome.Passed, DecisionOutcome.GateFailed, DecisionOutcome.Passed], model.Decisions.Select(d => d.Outcome));
        Assert.All(model.Decisions, d => Assert.Equal(("holdout", (int?)1, client.Datasets.Get("holdout@1").Digest), (d.Dataset, d.DatasetVersion, d.DatasetDigest)));

        // each version keeps its signature, the run's trainer and metrics, and the dataset versions it trained on
        var full = model.Versions.Single(v => v.Version == 2);
        Assert.Equal("Churned", full.Signature.Label);
        Assert.Equal("SdcaLogisticRegressionBinaryTrainer", full.Params["trainer"]);
        Assert.Contains(full.Inputs, i => i is { Dataset: "customers", Version: 1 });
        Assert.Contains("area_under_roc_curve", full.Metrics.Keys);

        // the fit showed its evaluation charts; the failed gate showed both models side by side
        Assert.Contains("confusion matrix", run.OutputOf("var simple = MLOps.Fit("));
        var failed = run.OutputOf("champion.auc + 0.3");
        Assert.Contains("The gate failed", failed);
        Assert.Contains("✘ fails", failed);
        Assert.Contains("champion v1", failed);
        Assert.Contains("skipped: no model holds the alias yet", run.OutputOf("auc > 0.6"));
        Assert.Contains("risky customer: churn True", run.OutputOf("champion.Predict<Customer, ChurnPrediction>"));
        Assert.Contains("loyal customer: churn False", run.OutputOf("champion.Predict<Customer, ChurnPrediction>"));
        Assert.Contains("Decisions (oldest first, never edited)", run.OutputOf("#!model show churn@champion"));
        Assert.Contains("#1 passed v1, #2 gate failed v2, #3 passed v2", run.OutputOf("MLOps.Models.History(\"churn\")"));

        // the model report: one file, plotly.js once, the card's evaluation charts and the timeline drawn offline
        var report = Path.Combine(run.Folder, "reports", "churn-champion.html");
        Assert.Contains("Model churn/2", await File.ReadAllTextAsync(report));
        var drawnReport = await HeadlessChromium.DrawAsync(report);
        Assert.Equal(4, drawnReport.Charts);
        Assert.Empty(drawnReport.NotDrawn);

        // every chart draws in the exported page: 2 fits x 3 charts, the card's 3 and its timeline, the history's timeline
        var exported = await HeadlessChromium.DrawAsync(run.HtmlPath);
        Assert.Equal(11, exported.Charts);
        Assert.Empty(exported.NotDrawn);
    }
}

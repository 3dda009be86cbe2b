namespace Mlops.Notebooks.Tests;

[Collection(KernelCollection.Name)]
public class QuickstartNotebookTests(KernelSandbox sandbox)
{
    [Fact]
    public async Task The_quickstart_tracks_two_runs_with_metrics_params_and_the_model_in_the_real_kernel()
    {
        using var run = await NotebookRun.ExecuteAsync(sandbox, sandbox.Notebook("01-quickstart.ipynb"));
        run.ShouldSucceed();

        // the store the notebook wrote, read back through the C# API
        using var client = MlopsClient.Open(run.Store);
        var runs = client.ListRuns(new RunFilter("house-prices"));
        Assert.Equal(["sdca-l2-0.1", "sdca-baseline"], runs.Select(r => r.Info.Name));
        Assert.All(runs, r => Assert.Equal(RunStatus.Finished, r.Info.Status));
        var baseline = client.GetRun(runs[1].Info.Id.Value);
        Assert.Equal("sdca", baseline.Params["trainer"]);
        Assert.Equal("synthetic", baseline.Tags["data"]);
        Assert.Equal(["r_squared", "rmse"], baseline.Metrics.Select(m => m.Key));
        Assert.All(baseline.Metrics, m => Assert.Equal(20, m.Count));
        Assert.Equal(20, baseline.Metrics[1].LatestStep);
        var model = Assert.Single(baseline.Artifacts);
        Assert.Equal("model.zip", model.Name);
        Assert.True(model.Size > 1000);
        Assert.Equal("5.0.1", baseline.Environment!.Assemblies["Microsoft.ML"]);
        Assert.Equal("1.0.712001", baseline.Environment.Assemblies["dotnet-interactive"]);
        Assert.Contains("Mlops", baseline.Environment.Assemblies.Keys);

        // what the cells showed
        Assert.Contains(run.Store, run.OutputOf("#!mlops status"));
        Assert.Contains("sdca-baseline", run.OutputOf("#!run start"));
        Assert.Contains("model.zip", run.OutputOf("#!run artifact"));
        var list = run.OutputOf("#!run list");
        Assert.Contains("sdca-l2-0.1", list);
        Assert.Contains("metrics.rmse", list);
        var strong = client.GetRun(runs[0].Info.Id.Value);
        Assert.True(baseline.Metrics[1].Latest < strong.Metrics[1].Latest, "the weaker L2 should fit this linear data better");
        Assert.Contains("best run: sdca-baseline", run.OutputOf("var bestRunId"));
        Assert.Contains("Environment", run.OutputOf("#!run show"));

        // the executed notebook is nbformat 4.5 with an id, a count and outputs on every code cell
        var executed = run.Executed();
        Assert.Equal(4, (int)executed["nbformat"]!);
        Assert.Equal(5, (int)executed["nbformat_minor"]!);
        var code = executed["cells"]!.AsArray().Where(c => (string?)c!["cell_type"] == "code").ToList();
        Assert.Equal(Enumerable.Range(1, code.Count), code.Select(c => (int)c!["execution_count"]!));
        Assert.All(code, c => Assert.False(string.IsNullOrEmpty((string?)c!["id"])));
        Assert.Contains("sdca-baseline", File.ReadAllText(run.HtmlPath));

        // the exported HTML opens offline in a browser and every chart in it draws
        var (charts, notDrawn) = await HeadlessChromium.DrawAsync(run.HtmlPath);
        Assert.True(charts >= 2, $"{charts} charts");   // #!run show draws each metric's curve
        Assert.Empty(notDrawn);
    }
}

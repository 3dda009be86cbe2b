using Mlops.TestSupport;

namespace Mlops.Notebooks.Tests;

/// <summary>The notebooks in the real kernel against a team store on PostgreSQL, chosen by MLOPS_STORE alone.</summary>
[Collection(KernelCollection.Name)]
public class TeamStoreNotebookTests(KernelSandbox sandbox)
{
    [Fact]
    public async Task The_quickstart_runs_unchanged_on_a_PostgreSQL_store_and_never_writes_the_password()
    {
        const string password = "notebook-s3cret";   // the throwaway server trusts every connection; a password is still given, to check it stays hidden
        var store = PostgresServer.Shared.NewDatabase("nb").Replace("postgresql://postgres@", $"postgresql://postgres:{password}@");
        using var run = await NotebookRun.ExecuteAsync(sandbox, sandbox.Notebook("01-quickstart.ipynb"), store);
        run.ShouldSucceed();

        using var client = MlopsClient.OpenExisting(store);
        var runs = client.ListRuns(new RunFilter("house-prices"));
        Assert.Equal(["sdca-l2-0.1", "sdca-baseline"], runs.Select(r => r.Info.Name));
        var baseline = client.GetRun(runs[1].Info.Id.Value);
        Assert.All(baseline.Metrics, m => Assert.Equal(20, m.Count));
        Assert.Equal("model.zip", Assert.Single(baseline.Artifacts).Name);
        Assert.StartsWith("PostgreSQL", client.GetStatus().Engine);

        var status = run.OutputOf("#!mlops status");
        Assert.Contains("postgresql://postgres:***@127.0.0.1", status);
        Assert.Contains("sdca-baseline", run.OutputOf("#!run list"));
        foreach (var written in new[] { File.ReadAllText(run.ExecutedPath), File.ReadAllText(run.HtmlPath), run.Progress })
            Assert.DoesNotContain(password, written);
        Assert.DoesNotContain(password, System.Text.Json.JsonSerializer.Serialize(baseline.Environment));
    }

    [Fact]
    public async Task The_registry_notebook_commits_datasets_promotes_through_gates_and_predicts_on_a_PostgreSQL_store()
    {
        var store = PostgresServer.Shared.NewDatabase("nb");
        using var run = await NotebookRun.ExecuteAsync(sandbox, sandbox.Notebook("03-model-registry.ipynb"), store);
        run.ShouldSucceed();
        // the report goes to a folder of the machine, never to one named after the store's URI beside the notebook
        Assert.False(Directory.Exists(Path.Combine(Path.GetDirectoryName(sandbox.Notebook("03-model-registry.ipynb"))!, "postgresql:")));
        Assert.Contains(Path.Combine("mlops-reports", "churn-champion.html"), run.OutputOf("#!mlops report --model churn@champion"));

        using var client = MlopsClient.OpenExisting(store);
        Assert.StartsWith("PostgreSQL", client.GetStatus().Engine);
        var model = client.Models.Get("churn");
        Assert.Equal(2, model.Versions.Count);
        Assert.Equal(2, model.Summary.Aliases["champion"]);
        Assert.Equal([DecisionOutcome.Passed, DecisionOutcome.GateFailed, DecisionOutcome.Passed], model.Decisions.Select(d => d.Outcome));
        Assert.All(model.Decisions, d => Assert.Equal(("holdout", (int?)1, client.Datasets.Get("holdout@1").Digest), (d.Dataset, d.DatasetVersion, d.DatasetDigest)));
        Assert.All(model.Decisions, d => Assert.StartsWith("postgres (", d.Who));   // the database role that decided
        Assert.Contains(model.Versions.Single(v => v.Version == 2).Inputs, i => i is { Dataset: "customers", Version: 1 });
        Assert.Contains("The gate failed", run.OutputOf("champion.auc + 0.3"));
        Assert.Contains("risky customer: churn True", run.OutputOf("champion.Predict<Customer, ChurnPrediction>"));
    }
}

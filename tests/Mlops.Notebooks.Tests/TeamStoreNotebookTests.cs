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
}

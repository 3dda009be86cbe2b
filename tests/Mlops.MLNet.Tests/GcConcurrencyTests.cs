namespace Mlops.MLNet.Tests;

/// <summary>gc beside other processes committing a dataset and promoting a model: nothing of theirs is lost.</summary>
public sealed class GcConcurrencyTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Theory]
    [InlineData("folder")]
    [InlineData("postgres")]
    public async Task Gc_beside_a_dataset_commit_and_a_promotion_in_other_processes_loses_nothing_of_theirs(string engine)
    {
        var store = engine == "postgres" ? PostgresServer.Shared.NewDatabase("gcrace") : _folder.Combine("store");
        using (var client = MlopsClient.Open(store))
        {
            ChurnModels.Register(client, "churn", "a", "b");
            // what gc will purge: scratch runs and a scratch dataset version
            for (var i = 0; i < 3; i++)
            {
                using var scratch = client.StartRun($"scratch-{i}");
                for (var step = 0; step < 500; step++) scratch.LogMetric("loss", 1.0 / (step + 1), step);
            }
            client.Lifecycle.DeleteRuns(client.ListRuns().Where(r => r.Info.Name.StartsWith("scratch-", StringComparison.Ordinal)).Select(r => r.Info.Id.Value).ToList());
            client.Datasets.Commit("scratch", TrainingData.Customers(200, seed: 5));
            client.Datasets.Commit("scratch", TrainingData.Customers(200, seed: 6));
            client.Datasets.Delete("scratch@1");
        }

        var (go, stop) = (_folder.Combine("go"), _folder.Combine("stop"));
        using var committer = Worker.Start("commit-until", store, "stream", _folder.Path, stop);
        var committed = new List<string> { await Worker.WaitForLineAsync(committer, "committed ") };
        using var promoter = Worker.Start("promote", store, "churn", "2", "champion", "holdout@1", go);
        await Worker.WaitForLineAsync(promoter, "scored");

        File.WriteAllText(go, "");   // the alias moves while gc runs
        GcReport first, second;
        using (var client = MlopsClient.OpenExisting(store))
        {
            first = client.Lifecycle.CollectGarbage(TimeSpan.Zero, dryRun: false);
            second = client.Lifecycle.CollectGarbage(TimeSpan.Zero, dryRun: false);
        }
        File.WriteAllText(stop, "");
        while (await committer.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(2)) is { } line && line != "done") committed.Add(line);
        var promoted = await promoter.StandardOutput.ReadToEndAsync();
        await Task.WhenAll(committer.WaitForExitAsync(), promoter.WaitForExitAsync()).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal((0, 0), (committer.ExitCode, promoter.ExitCode));
        Assert.Contains("moved Passed", promoted);
        Assert.Equal((3, 1), (first.Runs + second.Runs, first.DatasetVersions + second.DatasetVersions));
        using var after = MlopsClient.OpenExisting(store);
        // the promotion: the alias moved, its decision is there with its evidence, both versions load
        Assert.Equal(2, after.Models.Resolve("churn@champion").Version);
        Assert.Equal([DecisionOutcome.AliasSet, DecisionOutcome.Passed], after.Models.History("churn").Decisions.Select(d => d.Outcome));
        Assert.Equal(300, after.Datasets.Load("holdout@1").Rows.Count);
        foreach (var version in new[] { "churn/1", "churn/2" }) Assert.NotEmpty(after.Models.Service.Open(version).Bytes);
        // the commits: every version the other process made is there, whole, with its digest
        Assert.True(committed.Count >= 2);
        var versions = after.Datasets.Log("stream");
        Assert.Equal(committed.Count, versions.Count);
        foreach (var entry in committed.Select(c => c.Split(' ')))
        {
            var version = versions.Single(v => v.Number == int.Parse(entry[1]));
            Assert.Equal((long.Parse(entry[2]), entry[3]), (version.Rows, version.Digest));
            Assert.Equal(version.Rows, after.Datasets.Load(version.Label).Rows.Count);
        }
        Assert.Equal(200, after.Datasets.Load("scratch@2").Rows.Count);
        Assert.Equal(["a", "b"], after.ListRuns(new RunFilter { IncludeDeleted = true }).Select(r => r.Info.Name).Order());
    }

    public void Dispose() => _folder.Dispose();
}

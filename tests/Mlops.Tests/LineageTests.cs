namespace Mlops.Tests;

/// <summary>Every front records the same lineage for the same calls: what a run loads or commits becomes its input.</summary>
[Collection("MLOps static")]
public sealed class LineageTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public sealed record Point(long Id, double X);

    [Fact]
    public void The_instance_client_records_the_versions_a_run_body_loads_and_commits()
    {
        using var mlops = MlopsClient.Open(_folder.Combine("store"));
        mlops.Datasets.Commit("points", [new Point(1, 0.5), new Point(2, 1.5)]);

        var id = mlops.Run("train", run =>
        {
            mlops.Datasets.LoadDataView("points@1");
            mlops.Datasets.Commit("scored", [new Point(1, 2.0)]);
            return run.Id;
        });

        var inputs = mlops.GetRun(id.Value).Inputs;
        Assert.Equal([("points", 1, DatasetUse.Loaded), ("scored", 1, DatasetUse.Committed)],
            inputs.Select(i => (i.Dataset, i.Version, i.Use)).OrderBy(i => i.Dataset));
    }

    [Fact]
    public async Task The_instance_client_records_loads_of_an_async_body_and_of_a_run_started_by_hand()
    {
        using var mlops = MlopsClient.Open(_folder.Combine("store"));
        mlops.Datasets.Commit("points", [new Point(1, 0.5)]);

        var asyncRun = await mlops.RunAsync("async", async run =>
        {
            await Task.Yield();
            mlops.Datasets.Load("points@1");
            return run.Id;
        });
        var byHand = mlops.StartRun("by-hand");
        mlops.Datasets.Load("points");
        byHand.End();
        mlops.Datasets.Load("points");   // no run open: recorded for nobody

        Assert.Equal("points", Assert.Single(mlops.GetRun(asyncRun.Value).Inputs).Dataset);
        Assert.Equal("points", Assert.Single(mlops.GetRun(byHand.Id.Value).Inputs).Dataset);
    }

    [Fact]
    public void The_static_API_and_the_instance_client_record_the_same_inputs_for_the_same_calls()
    {
        using var mlops = MlopsClient.Open(_folder.Combine("store"));
        mlops.Datasets.Commit("points", [new Point(1, 0.5)]);
        var instance = mlops.Run("instance", run => { mlops.Datasets.Load("points@1"); return run.Id; });
        mlops.Dispose();

        MLOps.UseStore(_folder.Combine("store"));
        try
        {
            var statics = MLOps.Run("static", run => { MLOps.Datasets.Load("points@1"); return run.Id; });
            var expected = MLOps.GetRun(instance.Value).Inputs.Select(i => (i.Dataset, i.Version, i.Digest, i.Use));
            Assert.Equal(expected, MLOps.GetRun(statics.Value).Inputs.Select(i => (i.Dataset, i.Version, i.Digest, i.Use)));
        }
        finally
        {
            MLOps.Reset();
        }
    }

    public void Dispose() => _folder.Dispose();
}

[Collection("MLOps static")]
public sealed class StaticStartTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public void Logging_to_the_active_run_does_not_wait_while_another_thread_starts_a_run()
    {
        MLOps.UseStore(_folder.Combine("store"));
        try
        {
            var parent = MLOps.StartRun("parent");
            var loggedMeanwhile = false;
            MLOps.Starting = () =>
            {
                // StartRun is about to do its store I/O (which may wait 30 s for a locked file): logging must not wait for it
                var logger = Task.Run(() => { for (var i = 0; i < 1000; i++) MLOps.LogMetric("loss", i, i); });
                loggedMeanwhile = logger.Wait(TimeSpan.FromSeconds(30));
            };
            var child = MLOps.StartRun("child", parent: parent.Id);
            MLOps.Starting = null;

            Assert.True(loggedMeanwhile, "LogMetric waited for StartRun's store I/O");
            child.End();
            parent.End();
            Assert.Equal(1000, MLOps.GetRun(parent.Id.Value).Metrics.Single().Count);
        }
        finally
        {
            MLOps.Starting = null;
            MLOps.Reset();
        }
    }

    public void Dispose() => _folder.Dispose();
}

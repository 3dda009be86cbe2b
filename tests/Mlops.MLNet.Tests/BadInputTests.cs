namespace Mlops.MLNet.Tests;

/// <summary>Each bad input gets a clear error naming what is wrong and what would be right, and changes nothing.</summary>
public sealed class BadInputTests(RegistryFixture f) : IClassFixture<RegistryFixture>
{
    private MlopsException Refused(string model, Action act)
    {
        var before = Snapshot(model);
        var e = Assert.Throws<MlopsException>(act);
        Assert.Equal(before, Snapshot(model));
        return e;
    }

    private string Snapshot(string model)
    {
        var names = string.Join(",", f.Client.Models.List().Select(m => $"{m.Name}:{m.Versions}:{string.Join(";", m.Aliases)}"));
        var decisions = f.Client.Models.List().Any(m => m.Name == model) ? f.Client.Models.History(model).Decisions.Count : -1;
        return $"{names}|{decisions}";
    }

    [Fact]
    public void Unknown_models_versions_aliases_and_runs_are_named_with_what_exists()
    {
        var name = f.Fresh("bad-names");
        f.Client.Models.SetAlias(name, 1, "staging");

        var model = Refused(name, () => f.Client.Models.Resolve("no-such-model"));
        Assert.Equal(MlopsErrorKind.NotFound, model.Kind);
        Assert.Contains("model 'no-such-model' does not exist", model.Message);
        Assert.Contains(name, model.Message);

        var version = Refused(name, () => f.Client.Models.Promote(name, 7, "champion", "holdout@1"));
        Assert.Contains("has no version 7; its versions are 1 to 2", version.Message);

        var alias = Refused(name, () => f.Client.Models.Load($"{name}@champion"));
        Assert.Contains("no alias 'champion'; its aliases are staging", alias.Message);

        var run = Refused(name, () => f.Client.Models.Register(name, "ffffffffffff"));
        Assert.Equal(MlopsErrorKind.NotFound, run.Kind);
        Assert.Contains("ffffffffffff", run.Message);

        var dataset = Refused(name, () => f.Client.Models.Promote(name, 2, "champion", "no-such-data@1"));
        Assert.Contains("no-such-data", dataset.Message);

        Assert.Contains("not a model reference", Refused(name, () => f.Client.Models.Resolve($"{name}/two")).Message);
        Assert.Contains("is a number", Refused(name, () => f.Client.Models.SetAlias(name, 1, "3")).Message);
    }

    [Fact]
    public void A_run_without_a_model_artifact_or_with_a_file_that_is_not_a_model_cannot_be_registered()
    {
        var none = Refused("bad-run", () => f.Client.Models.Register("bad-run", f.NoModelRun));
        Assert.Contains("has no model artifact", none.Message);
        Assert.Contains("it has no artifacts", none.Message);

        using var folder = new TempFolder();
        var fake = Path.Combine(folder.Path, "fake.zip");
        File.WriteAllText(fake, "not a zip");
        string runId;
        using (var run = f.Client.StartRun("fake model")) { run.LogArtifact(fake); runId = run.Id.Value; }
        var notModel = Refused("bad-run", () => f.Client.Models.Register("bad-run", runId));
        Assert.Contains("not an ML.NET model", notModel.Message);

        var missing = Refused("bad-run", () => f.Client.Models.Register("bad-run", f.Strong.Run, artifact: "nope.zip"));
        Assert.Contains("has no artifact 'nope.zip'; its artifacts are", missing.Message);
        Assert.Contains("model.zip", missing.Message);
        Assert.DoesNotContain(f.Client.Models.List(), m => m.Name == "bad-run");
    }

    [Fact]
    public void Model_bytes_that_no_longer_match_their_digest_are_refused_for_load_and_promotion()
    {
        using var folder = new TempFolder();
        using var client = MlopsClient.Open(folder.Path);
        client.Datasets.Commit("holdout", TrainingData.Customers(100, seed: 3));
        var source = Path.Combine(folder.Path, "model.zip");
        f.Client.DownloadArtifact(f.Strong.Run, "model.zip", source);
        string run;
        using (var r = client.StartRun("copied")) { r.LogArtifact(source); run = r.Id.Value; }
        var version = client.Models.Register("damaged", run);
        client.Models.SetAlias("damaged", 1, "staging");
        var blob = Path.Combine(client.StoreLocation, "artifacts", version.Digest[..2], version.Digest);
        var bytes = File.ReadAllBytes(blob);
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(blob, bytes);

        var load = Assert.Throws<MlopsException>(() => client.Models.Load("damaged/1"));
        Assert.Equal(MlopsErrorKind.Corrupted, load.Kind);
        Assert.Contains(version.Digest, load.Message);
        var promote = Assert.Throws<MlopsException>(() => client.Models.Promote("damaged", 1, "champion", "holdout@1"));
        Assert.Equal(MlopsErrorKind.Corrupted, promote.Kind);
        Assert.Single(client.Models.History("damaged").Decisions);
        Assert.Equal(new Dictionary<string, int> { ["staging"] = 1 }, client.Models.Get("damaged").Summary.Aliases);
    }

    [Fact]
    public void A_gate_with_a_syntax_error_points_at_it_and_an_unknown_metric_lists_the_known_ones()
    {
        var name = f.Fresh("bad-gate");
        f.Client.Models.SetAlias(name, 1, "champion");

        var syntax = Refused(name, () => f.Client.Models.Promote(name, 2, "champion", "holdout@1", gate: "auc >= champion.auc +"));
        Assert.Equal(MlopsErrorKind.InvalidArgument, syntax.Kind);
        Assert.StartsWith("invalid gate:", syntax.Message);
        var lines = syntax.Message.Split('\n');
        Assert.Equal("  auc >= champion.auc +", lines[^2]);
        Assert.Equal("^", lines[^1].Trim());
        Assert.Equal(lines[^2].Length, lines[^1].IndexOf('^')); // just past the end: something is missing there

        var unknown = Refused(name, () => f.Client.Models.Promote(name, 2, "champion", "holdout@1", gate: "acuracy >= 0.8"));
        Assert.Contains("unknown metric 'acuracy'", unknown.Message);
        Assert.Contains("accuracy", unknown.Message);
        Assert.Contains("auc", unknown.Message);

        var regressionMetric = Refused(name, () => f.Client.Models.Promote(name, 2, "champion", "holdout@1", gate: "rmse <= champion.rmse"));
        Assert.Contains("unknown metric", regressionMetric.Message);
    }

    [Fact]
    public void A_dataset_lacking_a_column_the_model_reads_is_refused_before_scoring()
    {
        var name = f.Fresh("bad-columns");
        var e = Refused(name, () => f.Client.Models.Promote(name, 2, "champion", "holdout@2"));
        Assert.Equal(MlopsErrorKind.InvalidArgument, e.Kind);
        Assert.Contains("holdout@2 does not fit bad-columns/2", e.Message);
        Assert.Contains("Calls", e.Message);

        f.Client.Datasets.Commit("plans-as-numbers", TrainingData.Customers(50, seed: 5).Select(c => new { c.Tenure, c.Spend, c.Calls, Plan = (long)c.Plan.Length, c.Label }));
        var typed = Refused(name, () => f.Client.Models.Promote(name, 2, "champion", "plans-as-numbers@1"));
        Assert.Contains("Plan is BIGINT in the dataset; the model reads String", typed.Message);
    }
}

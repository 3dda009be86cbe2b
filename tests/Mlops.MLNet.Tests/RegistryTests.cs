namespace Mlops.MLNet.Tests;

public sealed class RegistryTests(RegistryFixture f) : IClassFixture<RegistryFixture>
{
    [Fact]
    public void Versions_are_numbered_per_model_and_keep_signature_metrics_params_and_lineage()
    {
        var one = f.Client.Models.Register("reg-numbering", f.Weak);
        var two = f.Client.Models.Register("reg-numbering", f.Strong.Run, description: "all features");
        var other = f.Client.Models.Register("reg-numbering-other", f.Strong);

        Assert.Equal((1, 2, 1), (one.Version, two.Version, other.Version));
        Assert.Equal(f.Strong.Summary.Artifact.Digest, two.Digest);
        Assert.Equal("model.zip", two.Artifact);
        Assert.Equal(ModelTask.BinaryClassification, two.Signature.Task);
        Assert.Equal("Label", two.Signature.Label);
        Assert.Equal(["Tenure", "Spend", "Calls", "Plan", "Label"], two.Signature.Inputs.Select(c => c.Name));
        Assert.Contains(two.Signature.Outputs, c => c.Name == "Probability");
        Assert.Equal("LbfgsLogisticRegressionBinaryTrainer", two.Params["trainer"]);
        Assert.Equal(f.Strong.Metrics["area_under_roc_curve"], two.Metrics["area_under_roc_curve"]);
        var input = Assert.Single(two.Inputs);
        Assert.Equal(("customers", 1), (input.Dataset, input.Version));
        Assert.Equal("all features", two.Description);

        var stored = f.Client.Models.Get("reg-numbering");
        Assert.Equal([2, 1], stored.Versions.Select(v => v.Version));
        Assert.Equal((two.Digest, two.Run, two.Signature.Inputs.Count, two.Params.Count), (stored.Versions[0].Digest, stored.Versions[0].Run, stored.Versions[0].Signature.Inputs.Count, stored.Versions[0].Params.Count));
        Assert.Equal(two.Signature.Inputs, stored.Versions[0].Signature.Inputs);
        Assert.Contains(f.Client.Models.List(), m => m is { Name: "reg-numbering", Versions: 2, LatestVersion: 2, Task: ModelTask.BinaryClassification });
    }

    [Fact]
    public void References_resolve_to_the_latest_a_numbered_or_an_aliased_version()
    {
        var name = f.Fresh("reg-resolve");
        f.Client.Models.SetAlias(name, 1, "staging");

        Assert.Equal(2, f.Client.Models.Resolve(name).Version);
        Assert.Equal(1, f.Client.Models.Resolve($"{name}/1").Version);
        Assert.Equal(1, f.Client.Models.Resolve($"{name}@staging").Version);
        Assert.Equal(["staging"], f.Client.Models.Resolve($"{name}/1").Aliases);
        var card = f.Client.Models.Card($"{name}@staging");
        Assert.Equal(1, card.Version.Version);
        Assert.Equal(f.Weak.Summary.Evaluation!.Counts, card.Evaluation!.Counts);
        Assert.Equal(f.Weak.Summary.Evaluation.FalsePositiveRate, card.Evaluation.FalsePositiveRate);
    }

    [Fact]
    public void An_alias_points_at_one_version_and_each_direct_move_is_an_ungated_decision()
    {
        var name = f.Fresh("reg-alias");
        var first = f.Client.Models.SetAlias(name, 1, "champion");
        var second = f.Client.Models.SetAlias(name, 2, "champion", reason: "manual");

        Assert.True(first.Moved);
        Assert.Equal((DecisionOutcome.AliasSet, 2, (int?)1, "manual"), (second.Decision.Outcome, second.Decision.Candidate, second.Decision.Incumbent, second.Decision.Reason));
        var versions = f.Client.Models.Get(name).Versions;
        Assert.Equal(["champion"], versions.Single(v => v.Version == 2).Aliases);
        Assert.Empty(versions.Single(v => v.Version == 1).Aliases);
        Assert.Equal(new Dictionary<string, int> { ["champion"] = 2 }, f.Client.Models.Get(name).Summary.Aliases);
        var decisions = f.Client.Models.History(name).Decisions;
        Assert.Equal([DecisionOutcome.AliasSet, DecisionOutcome.AliasSet], decisions.Select(d => d.Outcome));
        Assert.All(decisions, d => Assert.Null(d.Gate));
        Assert.All(decisions, d => Assert.False(string.IsNullOrEmpty(d.Who)));
    }

    [Fact]
    public void A_loaded_version_predicts_like_the_model_that_was_fitted()
    {
        var name = f.Fresh("reg-load");
        f.Client.Models.SetAlias(name, 2, "champion");
        var champion = f.Client.Models.Load($"{name}@champion");
        var customer = TrainingData.Customers(1, seed: 9)[0];

        var loaded = champion.Predict<TrainingData.Customer, Prediction>(customer);
        var fitted = f.Strong.Predict<TrainingData.Customer, Prediction>(customer);

        Assert.Equal(2, champion.Version.Version);
        Assert.Equal(fitted.Probability, loaded.Probability, 5);
        Assert.Equal(fitted.PredictedLabel, loaded.PredictedLabel);
        Assert.InRange(loaded.Probability, 0, 1);
    }

    public sealed class Prediction
    {
        public bool PredictedLabel { get; set; }

        public float Probability { get; set; }
    }
}

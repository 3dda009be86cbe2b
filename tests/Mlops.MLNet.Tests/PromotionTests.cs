using Microsoft.ML;

namespace Mlops.MLNet.Tests;

public sealed class PromotionTests(RegistryFixture f) : IClassFixture<RegistryFixture>
{
    private const string Gate = "auc >= champion.auc + 0.005 and log_loss <= champion.log_loss";

    [Fact]
    public void A_first_promotion_skips_the_terms_that_name_the_missing_incumbent_and_moves_the_alias()
    {
        var name = f.Fresh("pro-first");
        var result = f.Client.Models.Promote(name, 1, "champion", on: "holdout@1", gate: Gate + " and auc > 0.5");

        Assert.True(result.Moved);
        Assert.Equal(DecisionOutcome.Passed, result.Decision.Outcome);
        Assert.Null(result.Decision.Incumbent);
        Assert.True(3 == result.Decision.Terms.Count, string.Join("\n", result.Decision.Terms));
        Assert.Equal(2, result.Decision.Terms.Count(t => t.Passed is null && t.Note!.Contains("no model holds the alias")));
        Assert.True(result.Decision.Terms.Single(t => t.Term == "auc > 0.5").Passed);
        Assert.Equal(1, f.Client.Models.Resolve($"{name}@champion").Version);
    }

    [Fact]
    public void The_gate_scores_every_row_of_the_pinned_version_as_plain_MLNet_would()
    {
        var name = f.Fresh("pro-plain");
        // more rows than one block of the parallel cursors, so the gate's reads and cursors are all exercised
        var rows = TrainingData.Customers(12_000, seed: 9);
        f.Client.Datasets.Commit("large-holdout", rows);
        f.Client.Models.SetAlias(name, 1, "champion");

        var d = f.Client.Models.Promote(name, 2, "champion", on: "large-holdout@1").Decision;

        var ml = new MLContext(seed: 0);
        var data = ml.Data.LoadFromEnumerable(rows);
        foreach (var (version, metrics) in new[] { (2, d.CandidateMetrics), (1, d.IncumbentMetrics) })
        {
            var model = ml.Model.Load(f.Client.Models.Service.Open($"{name}/{version}").Open(), out _);
            var expected = MlNetMetrics.Of(ml.BinaryClassification.Evaluate(model.Transform(data)));
            Assert.Equal(expected.Keys.Order(), metrics.Keys.Order());
            Assert.All(expected, m => Assert.Equal(m.Value, metrics[m.Key], 9));
        }
    }

    [Fact]
    public void A_better_candidate_passes_after_both_are_rescored_on_the_pinned_version_and_the_decision_keeps_the_evidence()
    {
        var name = f.Fresh("pro-pass");
        f.Client.Models.SetAlias(name, 1, "champion");
        var result = f.Client.Models.Promote(name, 2, "champion", on: "holdout@1", gate: Gate);

        Assert.True(result.Moved);
        var d = result.Decision;
        Assert.Equal((DecisionOutcome.Passed, 2, (int?)1, "holdout", (int?)1), (d.Outcome, d.Candidate, d.Incumbent, d.Dataset, d.DatasetVersion));
        Assert.Equal(f.Client.Datasets.Get("holdout@1").Digest, d.DatasetDigest);
        Assert.Equal(Gate, d.Gate);
        Assert.All(d.Terms, t => Assert.True(t.Passed));
        var auc = d.Terms.Single(t => t.Term.StartsWith("auc", StringComparison.Ordinal));
        Assert.Equal(d.CandidateMetrics["area_under_roc_curve"], auc.Left);
        Assert.Equal(d.IncumbentMetrics["area_under_roc_curve"] + 0.005, auc.Right!.Value, 12);
        // re-scored on the holdout, not copied from the training runs' metrics
        Assert.NotEqual(f.Strong.Metrics["area_under_roc_curve"], d.CandidateMetrics["area_under_roc_curve"]);
        Assert.Equal(2, f.Client.Models.Resolve($"{name}@champion").Version);
        var stored = f.Client.Models.History(name).Decisions[^1];
        Assert.Equal((d.Id, d.Outcome, d.DatasetDigest, d.Who), (stored.Id, stored.Outcome, stored.DatasetDigest, stored.Who));
        Assert.Equal(d.Terms, stored.Terms);
        Assert.Equal(d.CandidateMetrics.OrderBy(m => m.Key), stored.CandidateMetrics.OrderBy(m => m.Key));
        Assert.Equal(d.At.ToUnixTimeMilliseconds(), stored.At.ToUnixTimeMilliseconds());
    }

    [Fact]
    public void A_failed_gate_moves_nothing_and_records_both_models_metrics_and_the_failing_terms()
    {
        var name = f.Fresh("pro-fail");
        f.Client.Models.SetAlias(name, 2, "champion");
        var result = f.Client.Models.Promote(name, 1, "champion", on: "holdout@1", gate: Gate);

        Assert.False(result.Moved);
        Assert.Equal(DecisionOutcome.GateFailed, result.Decision.Outcome);
        Assert.Contains(result.Decision.Terms, t => t.Passed == false);
        Assert.True(result.Decision.CandidateMetrics["area_under_roc_curve"] < result.Decision.IncumbentMetrics["area_under_roc_curve"]);
        Assert.Equal(2, f.Client.Models.Resolve($"{name}@champion").Version);
        Assert.Equal([DecisionOutcome.AliasSet, DecisionOutcome.GateFailed], f.Client.Models.History(name).Decisions.Select(x => x.Outcome));
    }

    [Fact]
    public void A_forced_promotion_needs_a_reason_moves_the_alias_and_records_the_failed_gate()
    {
        var name = f.Fresh("pro-force");
        f.Client.Models.SetAlias(name, 2, "champion");
        var refused = Assert.Throws<MlopsException>(() => f.Client.Models.Promote(name, 1, "champion", "holdout@1", Gate, force: true));
        Assert.Contains("--reason", refused.Message);

        var result = f.Client.Models.Promote(name, 1, "champion", "holdout@1", Gate, force: true, reason: "rollback after incident 42");

        Assert.True(result.Moved);
        Assert.Equal((DecisionOutcome.Forced, "rollback after incident 42"), (result.Decision.Outcome, result.Decision.Reason));
        Assert.Contains(result.Decision.Terms, t => t.Passed == false);
        Assert.Equal(1, f.Client.Models.Resolve($"{name}@champion").Version);
        Assert.Equal(2, f.Client.Models.History(name).Decisions.Count);
    }

    [Fact]
    public void A_promotion_without_a_gate_scores_both_and_moves()
    {
        var name = f.Fresh("pro-nogate");
        f.Client.Models.SetAlias(name, 1, "champion");
        var result = f.Client.Models.Promote(name, 2, "champion", "holdout@1");

        Assert.True(result.Moved);
        Assert.Empty(result.Decision.Terms);
        Assert.Contains("accuracy", result.Decision.CandidateMetrics.Keys);
        Assert.Contains("accuracy", result.Decision.IncumbentMetrics.Keys);
    }

    [Fact]
    public void Promoting_the_version_that_already_holds_the_alias_is_refused()
    {
        var name = f.Fresh("pro-same");
        f.Client.Models.SetAlias(name, 2, "champion");
        var e = Assert.Throws<MlopsException>(() => f.Client.Models.Promote(name, 2, "champion", "holdout@1"));
        Assert.Contains("already version 2", e.Message);
        Assert.Single(f.Client.Models.History(name).Decisions);
    }
}

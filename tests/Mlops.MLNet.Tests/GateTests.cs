namespace Mlops.MLNet.Tests;

public sealed class GateTests
{
    private static readonly HashSet<string> Binary = MlNetMetrics.For(ModelTask.BinaryClassification).ToHashSet();

    private static Gate Parse(string text) => Gate.Parse(text, "champion", Binary, MlNetMetrics.Short);

    private static readonly Dictionary<string, double> Candidate = new() { ["area_under_roc_curve"] = 0.90, ["log_loss"] = 0.30, ["accuracy"] = 0.8 };
    private static readonly Dictionary<string, double> Incumbent = new() { ["area_under_roc_curve"] = 0.88, ["log_loss"] = 0.35, ["accuracy"] = 0.85 };

    [Theory]
    [InlineData("auc >= champion.auc + 0.005", true)]
    [InlineData("auc >= champion.auc + 0.05", false)]
    [InlineData("auc > champion.auc and log_loss <= champion.log_loss", true)]
    [InlineData("accuracy >= champion.accuracy or auc > champion.auc", true)]
    [InlineData("accuracy >= champion.accuracy and auc > champion.auc", false)]
    [InlineData("(accuracy >= champion.accuracy or auc > 0.95) and log_loss < 1", false)]
    [InlineData("area_under_roc_curve >= 0.9 and log_loss * 2 < champion.log_loss * 2", true)]
    [InlineData("accuracy != champion.accuracy and accuracy == 0.8", true)]
    [InlineData("AUC >= 0.5 AND -log_loss < 0", true)]
    public void Gates_compare_candidate_and_incumbent_metrics(string text, bool passed)
    {
        var result = Parse(text).Evaluate(Candidate, Incumbent);
        Assert.Equal(passed, result.Passed);
        Assert.NotEmpty(result.Terms);
    }

    [Fact]
    public void Each_term_keeps_both_sides_values_and_short_names_resolve()
    {
        var gate = Parse("auc >= champion.auc + 0.005");
        Assert.Equal(["area_under_roc_curve"], gate.Metrics);
        var term = Assert.Single(gate.Evaluate(Candidate, Incumbent).Terms);
        Assert.Equal((0.90, 0.885, true), (term.Left!.Value, Math.Round(term.Right!.Value, 10), term.Passed!.Value));
    }

    [Fact]
    public void Without_an_incumbent_only_the_terms_naming_it_are_skipped()
    {
        var result = Parse("auc >= champion.auc and accuracy > 0.9").Evaluate(Candidate, null);
        Assert.False(result.Passed);
        Assert.Null(result.Terms[0].Passed);
        Assert.False(result.Terms[1].Passed);

        var allSkipped = Parse("auc >= champion.auc").Evaluate(Candidate, null);
        Assert.True(allSkipped.Passed);
        Assert.True(allSkipped.AllSkipped);
    }

    [Theory]
    [InlineData("auc >=", 6, "expected")]
    [InlineData("auc >= champion.auc +", 21, "expected")]
    [InlineData("auc champion.auc", 4, "comparison")]
    [InlineData("(auc > 0.5", 10, ")")]
    [InlineData("auc > 0.5 and", 13, "expected")]
    [InlineData("auc > 0.5 $", 10, "unexpected")]
    [InlineData("staging.auc > 0.5", 0, "champion")]
    [InlineData("auc > 0.5 > 0.4", 10, "")]
    [InlineData("", 0, "empty")]
    public void Syntax_errors_put_a_caret_under_the_mistake(string text, int column, string says)
    {
        var e = Assert.Throws<MlopsException>(() => Parse(text));
        Assert.Equal(MlopsErrorKind.InvalidArgument, e.Kind);
        Assert.Contains(says, e.Message);
        var caret = e.Message.Split('\n')[^1];
        Assert.Equal(column, caret.IndexOf('^') - 2);
    }

    [Fact]
    public void An_unknown_metric_is_refused_with_the_names_the_task_has()
    {
        var e = Assert.Throws<MlopsException>(() => Parse("auc >= champion.acc"));
        Assert.Contains("unknown metric 'acc'", e.Message);
        Assert.Contains("accuracy", e.Message);
        Assert.Equal(16, e.Message.Split('\n')[^1].IndexOf('^') - 2); // under the metric, after "champion."

    }

    [Fact]
    public void Metric_names_are_the_ML_NET_property_names_in_snake_case()
    {
        Assert.Contains("area_under_precision_recall_curve", Binary);
        Assert.Contains("positive_precision", Binary);
        Assert.Contains("f1_score", Binary);
        Assert.Contains("log_loss_reduction", Binary);
        Assert.Equal(["loss_function", "mean_absolute_error", "mean_squared_error", "r_squared", "root_mean_squared_error"], MlNetMetrics.For(ModelTask.Regression));
        Assert.Contains("micro_accuracy", MlNetMetrics.For(ModelTask.MulticlassClassification));
        Assert.Contains("macro_accuracy", MlNetMetrics.For(ModelTask.MulticlassClassification));
        Assert.Equal("r_squared", MlNetMetrics.SnakeCase("RSquared"));
        Assert.Equal("f1_score", MlNetMetrics.SnakeCase("F1Score"));
    }
}

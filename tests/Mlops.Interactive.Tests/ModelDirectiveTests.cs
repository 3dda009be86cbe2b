namespace Mlops.Interactive.Tests;

public class ModelDirectiveTests
{
    private const string Setup = """
        using Microsoft.ML;
        var random = new Random(1);
        var rows = Enumerable.Range(0, 600).Select(i =>
        {
            var x = (float)random.NextDouble(); var y = (float)random.NextDouble();
            return new { X = x, Y = y, Label = x + 0.6 * y + 0.3 * random.NextDouble() > 0.9 };
        }).ToList();
        var ml = new Microsoft.ML.MLContext(seed: 0);
        """;

    private const string Train = """
        MLOps.StartRun("weak");
        var weak = MLOps.Fit(ml, ml.Transforms.Concatenate("Features", "Y").Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression()), MLOps.Datasets.LoadDataView("churn@1"));
        MLOps.EndRun();
        MLOps.StartRun("strong");
        var strong = MLOps.Fit(ml, ml.Transforms.Concatenate("Features", "X", "Y").Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression()), MLOps.Datasets.LoadDataView("churn@1"));
        MLOps.EndRun();
        var weakRun = weak.Run;
        var strongRun = strong.Run;
        """;

    private static async Task<TestKernel> TrainedAsync()
    {
        var k = await TestKernel.StartAsync();
        (await k.SubmitAsync(Setup)).ShouldSucceed();
        (await k.SubmitAsync("#!dataset commit churn --from rows")).ShouldSucceed();
        (await k.SubmitAsync("#!dataset commit holdout --from rows")).ShouldSucceed();
        (await k.SubmitAsync(Train)).ShouldSucceed();
        return k;
    }

    [Fact]
    public async Task Register_promote_through_a_failing_and_a_passing_gate_load_show_and_history()
    {
        using var k = await TrainedAsync();
        var fitted = await k.SubmitAsync("strong");
        fitted.ShouldSucceed();
        Assert.Contains("Fitted in run", fitted.Html());
        Assert.Contains("confusion matrix", fitted.Html());

        var registered = await k.SubmitAsync("#!model register churn --run @csharp:weakRun --description \"one feature\"");
        registered.ShouldSucceed();
        Assert.Contains("Registered <b>churn/1</b>", registered.Html());
        Assert.Contains("binary classification", registered.Html());
        (await k.SubmitAsync("#!model register churn --run @csharp:strongRun")).ShouldSucceed();
        Assert.Contains("churn", (await k.SubmitAsync("#!model list")).Html());

        var first = await k.SubmitAsync("#!model promote churn --version 1 --to champion --on holdout@1 --gate \"auc >= champion.auc and auc > 0.5\"");
        first.ShouldSucceed();
        Assert.Contains("now points at <b>version 1</b>", first.Html());
        Assert.Contains("skipped: no model holds the alias yet", first.Html());

        var failed = await k.SubmitAsync("#!model promote churn --version 2 --to champion --on holdout@1 --gate \"auc <= champion.auc - 0.1\"");
        failed.ShouldSucceed();   // a failed gate is an outcome, shown with its evidence
        Assert.Contains("The gate failed", failed.Html());
        Assert.Contains("✘ fails", failed.Html());
        Assert.Contains("<tr class=\"failed\"><td>area_under_roc_curve</td>", failed.Html());
        Assert.Equal(1, MLOps.Models.Resolve("churn@champion").Version);

        var passed = await k.SubmitAsync("#!model promote churn --version 2 --to champion --on holdout@1 --gate \"auc >= champion.auc\"");
        passed.ShouldSucceed();
        Assert.Contains("now points at <b>version 2</b> (was version 1)", passed.Html());

        var load = await k.SubmitAsync("#!model load churn@champion --into champion");
        load.ShouldSucceed();
        Assert.Contains("Loaded <b>churn/2</b>", load.Html());
        (await k.SubmitAsync("public class Row { public float X { get; set; } public float Y { get; set; } public bool Label { get; set; } } public class Out { public bool PredictedLabel { get; set; } public float Probability { get; set; } }")).ShouldSucceed();
        var predicted = await k.SubmitAsync("champion.Predict<Row, Out>(new Row { X = 0.9f, Y = 0.9f }).PredictedLabel");
        Assert.Equal(true, predicted.ReturnValue());

        (await k.SubmitAsync("#!model alias churn --version 1 --alias staging --reason \"for the shadow test\"")).ShouldSucceed();
        var card = (await k.SubmitAsync("#!model show churn@champion")).Html();
        Assert.Contains("churn/2", card);
        Assert.Contains("Signature", card);
        Assert.Contains("trainer", card);
        Assert.Contains("churn@1", card);   // lineage: the dataset version the run trained on
        Assert.Contains("confusion matrix", card);
        var history = (await k.SubmitAsync("#!model history churn")).Html();
        Assert.Contains("gate failed", history);
        Assert.Contains("alias set", history);
        Assert.Contains("for the shadow test", history);
        Assert.Contains("mlops-chart", history);
        Assert.Equal(4, MLOps.Models.History("churn").Decisions.Count);

        var path = Path.Combine(k.Folder, "card.html");
        var report = await k.SubmitAsync($"#!mlops report --model churn@champion --out \"{path}\"");
        report.ShouldSucceed();
        var html = await File.ReadAllTextAsync(path);
        Assert.Contains("<title>Model churn/2</title>", html);
        Assert.Contains("Decisions (oldest first, never edited)", html);
    }

    [Theory]
    [InlineData("#!model show nope", "model 'nope' does not exist")]
    [InlineData("#!model register churn --run 0000000", "run")]
    [InlineData("#!model promote churn --version two --to champion --on holdout@1", "--version must be a version number")]
    [InlineData("#!model promote churn --version 2 --to champion --on holdout@1 --gate \"auc >=\"", "invalid gate")]
    [InlineData("#!model promote churn --version 2 --to champion --on holdout@1 --gate \"rmse < 1\"", "unknown metric 'rmse'")]
    [InlineData("#!model promote churn --version 2 --to champion --on holdout@9", "holdout")]
    [InlineData("#!model promote churn --version 2 --to champion --on holdout@1 --force", "--reason")]
    [InlineData("#!model load churn@champion --into 1x", "--into needs a C# variable name")]
    [InlineData("#!model load churn@nobody --into m", "no alias 'nobody'")]
    [InlineData("#!model promote churn --version 2 --to champion", "--on")]
    public async Task Mistakes_are_refused_with_a_clear_message_and_change_nothing(string code, string expected)
    {
        using var k = await TrainedAsync();
        (await k.SubmitAsync("#!model register churn --run @csharp:weakRun")).ShouldSucceed();
        (await k.SubmitAsync("#!model register churn --run @csharp:strongRun")).ShouldSucceed();
        var message = (await k.SubmitAsync(code)).ShouldFail();
        Assert.Contains(expected, message);
        Assert.Empty(MLOps.Models.History("churn").Decisions);
        Assert.Equal(2, MLOps.Models.Get("churn").Versions.Count);
    }
}

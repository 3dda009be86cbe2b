using System.Text.RegularExpressions;
using Microsoft.ML;
using Mlops.Charts;

namespace Mlops.MLNet.Tests;

public sealed partial class ModelCardTests(RegistryFixture f) : IClassFixture<RegistryFixture>
{
    [Fact]
    public void A_damaged_evaluation_is_reported_not_hidden_and_a_model_without_one_gets_a_card_without_charts()
    {
        var ml = new MLContext(seed: 0);
        TrainedModel trained;
        using (var run = f.Client.StartRun("damaged evaluation", experiment: "cards"))
            trained = run.Fit(ml, ml.Transforms.Concatenate("Features", "Spend")
                .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression(maximumNumberOfIterations: 3)), f.Client.Datasets.LoadDataView("holdout@1"));
        var version = f.Client.Models.Register("damaged-card", trained);
        Assert.NotNull(f.Client.Models.Card("damaged-card/1").Evaluation);

        var artifact = f.Client.GetRun(version.Run.Value).Artifacts.Single(a => a.Name == RunFitExtensions.EvaluationArtifact);
        File.WriteAllText(Path.Combine(f.Folder, "artifacts", artifact.Digest[..2], artifact.Digest), "{ not json");
        var e = Assert.Throws<MlopsException>(() => f.Client.Models.Card("damaged-card/1"));
        Assert.Equal(MlopsErrorKind.Corrupted, e.Kind);

        using (var bare = f.Client.StartRun("no evaluation", experiment: "cards"))
        {
            var zip = Path.Combine(Path.GetTempPath(), $"bare-{Guid.NewGuid():N}.zip");
            f.Client.DownloadArtifact(trained.Run, "model.zip", zip);
            bare.LogArtifact(zip, "model.zip");
            File.Delete(zip);
            f.Client.Models.Register("bare-card", bare.Id.Value, label: "Label");
        }
        Assert.Null(f.Client.Models.Card("bare-card/1").Evaluation);
    }

    [Fact]
    public void A_decision_has_one_number_in_the_CLI_the_card_and_the_history()
    {
        var a = f.Fresh("numbered-a");
        var b = f.Fresh("numbered-b");
        f.Client.Models.SetAlias(a, 1, "champion");
        f.Client.Models.SetAlias(b, 1, "champion");   // a decision of another model between a's two
        var promoted = f.Client.Models.Promote(a, 2, "champion", "holdout@1");
        var second = promoted.Decision;

        var history = f.Client.Models.History(a);
        Assert.Equal(second.Id, history.Decisions[^1].Id);
        var html = ModelViews.History(history, ChartContext.Standalone("t"));
        var numbers = FirstCells().Matches(html[html.IndexOf("Decisions (", StringComparison.Ordinal)..]).Select(m => long.Parse(m.Groups[1].Value)).ToList();
        Assert.Equal(history.Decisions.Select(d => d.Id), numbers);
        Assert.Contains($"decision #{second.Id} by", PromotionView.Render(promoted));
        Assert.NotEqual(2, second.Id);   // the model's own count would say 2
    }

    [GeneratedRegex(@"<tr><td[^>]*>(?:<b>)?(\d+)(?:</b>)?</td>")]
    private static partial Regex FirstCells();
}

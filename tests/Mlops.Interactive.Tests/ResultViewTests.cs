namespace Mlops.Interactive.Tests;

/// <summary>A value the C# API returns shows, as a cell's result, the view the matching magic command shows.</summary>
public class ResultViewTests
{
    [Fact]
    public async Task Datasets_runs_and_models_returned_by_the_CSharp_API_show_as_their_views_not_as_dumps()
    {
        using var k = await TestKernel.StartAsync();
        (await k.SubmitAsync("""
            using Microsoft.ML;
            var random = new Random(1);
            var rows = Enumerable.Range(0, 300).Select(i => { var x = (float)random.NextDouble(); return new { X = x, Label = x + 0.2 * random.NextDouble() > 0.6 }; }).ToList();
            var ml = new MLContext(seed: 0);
            """)).ShouldSucceed();

        var commit = await k.SubmitAsync("MLOps.Datasets.Commit(\"points\", rows)");
        Assert.Contains("Committed <b>points@1</b>", Shown(commit));
        Assert.Contains("Unchanged: the content is still <b>points@1</b>", Shown(await k.SubmitAsync("MLOps.Datasets.Commit(\"points\", rows)")));
        Assert.Contains("<b>X</b>", Shown(await k.SubmitAsync("MLOps.Datasets.Get(\"points@1\")")).Replace("<td>X", "<b>X</b>"));
        Assert.Contains("digest", Shown(await k.SubmitAsync("MLOps.Datasets.Get(\"points@1\")")));
        Assert.Contains("points", Shown(await k.SubmitAsync("MLOps.Datasets.Log(\"points\")")));
        Assert.Contains("points", Shown(await k.SubmitAsync("MLOps.Datasets.List()")));

        (await k.SubmitAsync("""
            MLOps.StartRun("fit");
            var trained = MLOps.Fit(ml, ml.Transforms.Concatenate("Features", "X").Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression()), MLOps.Datasets.LoadDataView("points@1"));
            """)).ShouldSucceed();
        Assert.Contains("class=\"card\"", Shown(await k.SubmitAsync("MLOps.EndRun()")));
        Assert.Contains("Registered <b>pts/1</b>", Shown(await k.SubmitAsync("MLOps.Models.Register(\"pts\", trained)")));
        Assert.Contains("decision #", Shown(await k.SubmitAsync("MLOps.Models.Promote(\"pts\", 1, \"champion\", \"points@1\")")));
        Assert.Contains("pts/1", Shown(await k.SubmitAsync("MLOps.Models.Load(\"pts@champion\")")));
    }

    // what the cell shows as its result, failing on the record dump the host makes of a type with no view
    private static string Shown(Microsoft.DotNet.Interactive.KernelCommandResult result)
    {
        result.ShouldSucceed();
        var html = result.Html();
        Assert.Contains("class=\"mlops", html);
        Assert.DoesNotContain("dni-treeview", html);
        return html;
    }
}

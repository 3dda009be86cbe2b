using Microsoft.Data.Analysis;

namespace Mlops.Interactive.Tests;

public class TrackingDirectiveTests
{
    [Fact]
    public async Task A_session_of_directives_and_csharp_records_one_run()
    {
        using var k = await TestKernel.StartAsync();
        (await k.SubmitAsync("#!experiment use churn")).ShouldSucceed();
        var start = await k.SubmitAsync("#!run start --name baseline --tags stage=dev,owner=ana --note \"first try\"");
        start.ShouldSucceed();
        Assert.Contains("baseline", start.Html());
        Assert.Contains("running", start.Html());

        (await k.SubmitAsync("#!run log --params lr=0.01,trainer=sdca --metrics auc=0.91 --step 1")).ShouldSucceed();
        (await k.SubmitAsync("""
            for (var step = 0; step < 500; step++)
                MLOps.ActiveRun!.LogMetric("loss", 1.0 / (step + 1), step);
            MLOps.LogParam("epochs", 500);
            """)).ShouldSucceed();

        var show = await k.SubmitAsync("#!run show");
        show.ShouldSucceed();
        var card = show.Html();
        Assert.Matches("<td>loss</td>(?:(?!</tr>).)*<td class=\"num\">500</td></tr>", card);   // loss has 500 points, visible in the next cell
        Assert.Contains("0.002", card);          // latest loss 1/500
        Assert.Contains("sdca", card);
        Assert.Contains("first try", card);
        Assert.Contains("Environment", card);

        (await k.SubmitAsync("#!run end")).ShouldSucceed();
        var list = await k.SubmitAsync("#!run list --experiment churn --into runs");
        list.ShouldSucceed();
        Assert.Contains("finished", list.Html());
        var rows = await k.SubmitAsync("runs.Rows.Count + \" \" + runs[\"params.trainer\"][0] + \" \" + runs[\"metrics.auc\"][0]");
        rows.ShouldSucceed();
        Assert.Equal("1 sdca 0.91", rows.ReturnValue());

        var details = MLOps.GetRun();
        Assert.Equal(RunStatus.Finished, details.Info.Status);
        Assert.Equal(500, details.Metrics.Single(m => m.Key == "loss").Count);
        Assert.Equal(new Dictionary<string, string> { ["epochs"] = "500", ["lr"] = "0.01", ["trainer"] = "sdca" }, details.Params);
        Assert.Equal("ana", details.Tags["owner"]);
    }

    [Fact]
    public async Task Lists_accept_a_JSON_object()
    {
        using var k = await TestKernel.StartAsync();
        (await k.SubmitAsync("#!run start --name json")).ShouldSucceed();
        (await k.SubmitAsync("#!run log --params {\"lr\":0.01,\"note\":\"a, b\"} --metrics {\"loss\":0.5}")).ShouldSucceed();
        var run = MLOps.GetRun();
        Assert.Equal("a, b", run.Params["note"]);
        Assert.Equal("0.01", run.Params["lr"]);
        Assert.Equal(0.5, run.Metrics.Single().Latest);
    }

    [Fact]
    public async Task Metrics_logged_before_a_cell_throws_are_kept()
    {
        using var k = await TestKernel.StartAsync();
        (await k.SubmitAsync("#!run start --name crashy")).ShouldSucceed();
        var failed = await k.SubmitAsync("""
            for (var i = 0; i < 10; i++) MLOps.LogMetric("loss", i, i);
            throw new InvalidOperationException("diverged");
            """);
        Assert.Contains("diverged", failed.ShouldFail());
        var show = await k.SubmitAsync("#!run show");
        show.ShouldSucceed();
        Assert.Equal(10, MLOps.GetRun().Metrics.Single().Count);
    }

    [Fact]
    public async Task Non_finite_values_are_shown_as_such()
    {
        using var k = await TestKernel.StartAsync();
        (await k.SubmitAsync("#!run start --name diverging")).ShouldSucceed();
        (await k.SubmitAsync("#!run log --metrics loss=NaN,grad=Infinity")).ShouldSucceed();
        var html = (await k.SubmitAsync("#!run show")).Html();
        Assert.Contains("NaN", html);
        Assert.Contains("+∞", html);
    }

    [Fact]
    public async Task Runs_nest_under_the_active_run_and_the_parent_becomes_active_again()
    {
        using var k = await TestKernel.StartAsync();
        (await k.SubmitAsync("#!run start --name sweep")).ShouldSucceed();
        var parent = MLOps.ActiveRun!.Id;
        (await k.SubmitAsync($"#!run start --name trial-1 --parent {parent.Short}")).ShouldSucceed();
        Assert.Equal(parent, MLOps.GetRun().Info.ParentId);
        (await k.SubmitAsync("#!run end")).ShouldSucceed();
        Assert.Equal(parent, MLOps.ActiveRun!.Id);
        (await k.SubmitAsync("#!run end")).ShouldSucceed();
        Assert.Equal(["trial-1"], MLOps.GetRun(parent.Value).Children.Select(c => c.Name));
    }

    [Fact]
    public async Task An_artifact_is_stored_with_the_active_run()
    {
        using var k = await TestKernel.StartAsync();
        var file = Path.Combine(k.Folder, "model.zip");
        await File.WriteAllTextAsync(file, "weights");
        (await k.SubmitAsync("#!run start --name with-model")).ShouldSucceed();
        var result = await k.SubmitAsync($"#!run artifact \"{file}\" --name models/model.zip");
        result.ShouldSucceed();
        Assert.Contains("models/model.zip", result.Html());
        Assert.Equal("models/model.zip", MLOps.GetRun().Artifacts.Single().Name);
    }

    [Fact]
    public async Task Returned_values_display_as_tables_and_cards()
    {
        using var k = await TestKernel.StartAsync();
        (await k.SubmitAsync("MLOps.StartRun(\"from-csharp\")")).ShouldSucceed();
        (await k.SubmitAsync("MLOps.EndRun();")).ShouldSucceed();
        var list = await k.SubmitAsync("MLOps.ListRuns()");
        Assert.Contains("<table>", list.Html());
        Assert.Contains("from-csharp", list.Html());
        Assert.Contains("class=\"card\"", (await k.SubmitAsync("MLOps.GetRun()")).Html());
        var status = (await k.SubmitAsync("#!mlops status")).Html();
        Assert.Contains(k.Store, status);
        var version = MLOps.Client.GetStatus().SchemaVersion;
        Assert.True(version >= 4, $"schema version {version}");
        Assert.Contains($"schema version {version}", status);
    }

    [Fact]
    public async Task Help_lists_every_directive_with_an_example()
    {
        using var k = await TestKernel.StartAsync();
        var help = (await k.SubmitAsync("#!mlops help")).Html();
        foreach (var command in new[] { "#!mlops use", "#!mlops status", "#!experiment use", "#!experiment list", "#!run start", "#!run log", "#!run artifact", "#!run end", "#!run list", "#!run show" })
            Assert.Contains(command, help);
        Assert.Contains("#!run log --params lr=0.01,trainer=sdca --metrics loss=0.42,auc=0.91 --step 3", help);
        Assert.Contains("--into", (await k.SubmitAsync("#!run")).Html());
    }

    [Fact]
    public async Task Experiments_are_listed_with_the_current_one_marked()
    {
        using var k = await TestKernel.StartAsync();
        (await k.SubmitAsync("#!experiment use churn")).ShouldSucceed();
        (await k.SubmitAsync("#!run start\n#!run end")).ShouldSucceed();
        var html = (await k.SubmitAsync("#!experiment list")).Html();
        Assert.Contains("churn", html);
        Assert.Contains("(current)", html);
        Assert.IsType<DataFrame>(new List<RunListItem>().ToDataFrame());
    }
}

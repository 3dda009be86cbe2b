namespace Mlops.Interactive.Tests;

public class LifecycleDirectiveTests
{
    [Fact]
    public async Task Runs_and_experiments_are_deleted_restored_renamed_and_purged_from_a_notebook()
    {
        using var k = await TestKernel.StartAsync();
        (await k.SubmitAsync("#!experiment use scratch")).ShouldSucceed();
        (await k.SubmitAsync("""
            foreach (var name in new[] { "keep", "drop-1", "drop-2" })
                MLOps.Run(name, run => run.LogMetric("auc", name == "keep" ? 0.9 : 0.5));
            """)).ShouldSucceed();
        var keep = MLOps.ListRuns().Single(r => r.Info.Name == "keep").Info.Id;

        var deleted = await k.SubmitAsync("#!run delete --where \"name like 'drop%'\"");
        deleted.ShouldSucceed();
        Assert.Contains("Deleted 2 run(s)", deleted.Html());
        Assert.Equal(["keep"], MLOps.ListRuns().Select(r => r.Info.Name));
        Assert.Contains("already deleted", (await k.SubmitAsync($"#!run delete {MLOps.ListRuns(new RunFilter { IncludeDeleted = true }).First(r => r.Info.Name == "drop-1").Info.Id.Short}")).ShouldFail());
        Assert.Contains("selects no run", (await k.SubmitAsync("#!run delete --where \"name = 'nothing'\"")).ShouldFail());
        Assert.Contains("not both and not neither", (await k.SubmitAsync("#!run delete")).ShouldFail());

        var restored = await k.SubmitAsync($"#!run restore {MLOps.ListRuns(new RunFilter { IncludeDeleted = true }).First(r => r.Info.Name == "drop-2").Info.Id.Short}");
        restored.ShouldSucceed();
        Assert.Equal(2, MLOps.ListRuns().Count);

        (await k.SubmitAsync("#!experiment rename scratch --to baselines")).ShouldSucceed();
        Assert.Equal("baselines", MLOps.GetRun(keep.Value).Info.Experiment);
        Assert.Contains("--older-than 1w: give a number of days", (await k.SubmitAsync("#!mlops gc --older-than 1w")).ShouldFail());

        var dry = await k.SubmitAsync("#!mlops gc --older-than 0d --dry-run");
        dry.ShouldSucceed();
        Assert.Contains("Would remove 1 run(s)", dry.Html());
        var gc = await k.SubmitAsync("#!mlops gc --older-than 0d");
        gc.ShouldSucceed();
        Assert.Contains("Removed 1 run(s) (1 metric points", gc.Html());
        Assert.Equal(2, MLOps.ListRuns(new RunFilter { IncludeDeleted = true }).Count);

        (await k.SubmitAsync("#!experiment delete baselines")).ShouldSucceed();
        Assert.Empty(MLOps.ListRuns());
        (await k.SubmitAsync("#!experiment restore baselines")).ShouldSucceed();
        Assert.Equal(2, MLOps.ListRuns().Count);
        Assert.Contains("does not exist", (await k.SubmitAsync("#!experiment delete nope")).ShouldFail());
    }

    [Fact]
    public async Task Dataset_versions_are_deleted_restored_and_purged_from_a_notebook()
    {
        using var k = await TestKernel.StartAsync();
        (await k.SubmitAsync("""
            record Person(long Id, string Name);
            MLOps.Datasets.Commit("people", new[] { new Person(1, "ann"), new Person(2, "bob") });
            MLOps.Run("prep", _ => MLOps.Datasets.Commit("people", new[] { new Person(1, "ann"), new Person(2, "bob"), new Person(3, "cy") }));
            """)).ShouldSucceed();

        Assert.Contains("1 run that is not deleted used it", (await k.SubmitAsync("#!dataset delete people@2")).ShouldFail());
        Assert.Contains("name the version by number", (await k.SubmitAsync("#!dataset delete people")).ShouldFail());
        var deleted = await k.SubmitAsync("#!dataset delete people@1");
        deleted.ShouldSucceed();
        Assert.Contains("Deleted <b>people@1</b>", deleted.Html());
        Assert.Equal([2], MLOps.Datasets.Log("people").Select(v => v.Number));
        Assert.DoesNotContain("deleted", (await k.SubmitAsync("#!dataset log people")).Html());
        Assert.Contains("deleted 20", (await k.SubmitAsync("#!dataset log people --include-deleted")).Html());
        Assert.Contains("people@1 was deleted at", (await k.SubmitAsync("#!dataset show people@1")).ShouldFail());
        (await k.SubmitAsync("#!dataset restore people@1")).ShouldSucceed();
        Assert.Equal([2, 1], MLOps.Datasets.Log("people").Select(v => v.Number));

        (await k.SubmitAsync("#!dataset delete people@1")).ShouldSucceed();
        var gc = await k.SubmitAsync("#!mlops gc --older-than 0d");
        gc.ShouldSucceed();
        Assert.Contains("1 dataset version (", gc.Html());
        Assert.Contains("was purged by gc", (await k.SubmitAsync("#!dataset restore people@1")).ShouldFail());
    }
}

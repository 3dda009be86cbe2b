using Microsoft.Data.Analysis;

namespace Mlops.Interactive.Tests;

public class DatasetDirectiveTests
{
    [Fact]
    public async Task Commit_edit_log_diff_profile_drift_load_through_directives()
    {
        using var k = await TestKernel.StartAsync();
        var csv = Path.Combine(k.Folder, "houses.csv");
        await File.WriteAllLinesAsync(csv, ["id,size,city", "1,50,oslo", "2,70,bergen", "3,90,oslo", "4,60,oslo"]);

        var first = await k.SubmitAsync($"#!dataset commit houses --from \"{csv}\" --key id --message \"first cut\"");
        first.ShouldSucceed();
        Assert.Contains("Committed <b>houses@1</b>", first.Html());

        (await k.SubmitAsync("#!dataset load houses --into df")).ShouldSucceed();
        (await k.SubmitAsync("""
            df["size"][0] = 55L;
            df = df.Filter(df["id"].ElementwiseNotEquals(4L));
            df = df.Append(new List<KeyValuePair<string, object>> { new("id", 5L), new("size", 80L), new("city", "tromso") }, inPlace: false);
            df.Columns.Add(new Int64DataFrameColumn("rooms", Enumerable.Range(0, (int)df.Rows.Count).Select(i => (long?)(i + 1))));
            """.Replace("Int64DataFrameColumn", "Microsoft.Data.Analysis.Int64DataFrameColumn"))).ShouldSucceed();
        var second = await k.SubmitAsync("#!dataset commit houses --from df --message \"edits in the notebook\"");
        second.ShouldSucceed();
        Assert.Contains("houses@2", second.Html());

        var log = (await k.SubmitAsync("#!dataset log houses")).Html();
        Assert.Contains("edits in the notebook", log);
        Assert.Contains("key (id)", log);

        var diff = await k.SubmitAsync("#!dataset diff houses@1 houses@2 --into changes");
        diff.ShouldSucceed();
        var html = diff.Html();
        Assert.Contains("+1 added", html);
        Assert.Contains("-1 removed", html);
        Assert.Contains("rooms", html);                       // the added column
        Assert.Contains("<span class=\"old\">50</span> → <span class=\"new\">55</span>", html);
        Assert.Contains("plotly", html);
        var changes = await k.SubmitAsync("changes.Rows.Count");
        Assert.Equal(3L, Convert.ToInt64(changes.ReturnValue()));   // added, removed, and id 1 (size); the rooms column alone does not count as a change

        var unkeyed = (await k.SubmitAsync("#!dataset diff houses@1 houses@2 --no-key")).Html();
        Assert.Contains("no key", unkeyed);

        var profile = (await k.SubmitAsync("#!dataset profile houses")).Html();
        Assert.Contains("Profile of houses@2", profile);
        Assert.Contains("mlops-chart", profile);
        var drift = (await k.SubmitAsync("#!dataset drift houses@1 houses@2")).Html();
        Assert.Contains("Drift of houses@2 against houses@1", drift);

        var show = (await k.SubmitAsync("#!dataset show houses@1 --rows 2")).Html();
        Assert.Contains("First 2 rows", show);
        Assert.Contains("BIGINT", show);
    }

    [Fact]
    public async Task A_run_records_the_versions_it_commits_and_loads()
    {
        using var k = await TestKernel.StartAsync();
        (await k.SubmitAsync("var people = new[] { new { Id = 1L, Name = \"ann\" }, new { Id = 2L, Name = \"bob\" } }.ToList();")).ShouldSucceed();
        (await k.SubmitAsync("#!run start --name train")).ShouldSucceed();
        (await k.SubmitAsync("#!dataset commit people --from people --key Id")).ShouldSucceed();
        var load = await k.SubmitAsync("#!dataset load people@1 --into train --where \"Id > 1\"");
        load.ShouldSucceed();
        Assert.Contains("Loaded 1 rows", load.Html());
        Assert.Contains("Recorded as an input of run", load.Html());
        var show = (await k.SubmitAsync("#!run show")).Html();
        Assert.Contains("Dataset versions used", show);
        Assert.Contains("people@1", show);
        var log = (await k.SubmitAsync("#!dataset log people")).Html();
        Assert.Contains(MLOps.ActiveRun!.Id.Short, log);
    }

    [Fact]
    public async Task Progress_is_shown_while_a_commit_works_and_replaced_by_the_outcome()
    {
        using var k = await TestKernel.StartAsync();
        var csv = Path.Combine(k.Folder, "big.csv");
        await File.WriteAllLinesAsync(csv, new[] { "id,x" }.Concat(Enumerable.Range(0, 200_000).Select(i => $"{i},{i * 0.5}")));
        var result = await k.SubmitAsync($"#!dataset commit big --from \"{csv}\"");
        result.ShouldSucceed();
        var updates = result.Events.OfType<Microsoft.DotNet.Interactive.Events.DisplayedValueUpdated>().ToList();
        Assert.NotEmpty(updates);
        Assert.Contains(updates, u => u.FormattedValues.Any(v => v.Value.Contains("reading big.csv")));
        Assert.Contains("Committed <b>big@1</b>", updates[^1].FormattedValues.Single().Value);
    }

    [Theory]
    [InlineData("#!dataset commit houses", "Missing required parameter '--from'")]
    [InlineData("#!dataset commit houses --from nothere", "there is no C# variable 'nothere' and no file")]
    [InlineData("#!dataset commit houses --from number", "holds a Int32, which is not a table")]
    [InlineData("#!dataset commit houses --from missing.csv", "file 'missing.csv' does not exist")]
    [InlineData("#!dataset commit \"my houses\" --from frame", "is not a valid dataset name")]
    [InlineData("#!dataset commit houses --from frame --key nope", "key column 'nope' is not in DataFrame frame")]
    [InlineData("#!dataset commit houses --from frame --key k", "the key (k) is not unique in DataFrame frame: 1 key values occur more than once, e.g. k=1 (2 rows)")]
    [InlineData("#!dataset log nobody", "dataset 'nobody' does not exist")]
    [InlineData("#!dataset show houses@1", "dataset 'houses' does not exist")]
    [InlineData("#!dataset load houses", "Missing required parameter '--into'")]
    [InlineData("#!dataset diff houses@1", "give two versions of one dataset, e.g. #!dataset diff houses@1 houses@2 (got 1)")]
    [InlineData("#!dataset diff a@1 b@2 c@3", "Unexpected value 'c@3' in #!dataset diff: it takes 2 versions.")]
    [InlineData("#!dataset drift houses@1 houses@zz", "is not a dataset version")]
    [InlineData("#!dataset frob", "Unknown subcommand 'frob' for #!dataset.")]
    [InlineData("#!dataset diff a@1 a@2 --key id --no-key", "give --key or --no-key, not both")]
    [InlineData("#!dataset profile houses --bins x", "--bins must be a whole number")]
    public async Task Mistakes_are_refused_with_a_clear_message_and_store_nothing(string code, string expected)
    {
        using var k = await TestKernel.StartAsync();
        (await k.SubmitAsync("var number = 3; var frame = new Microsoft.Data.Analysis.DataFrame(new Microsoft.Data.Analysis.Int64DataFrameColumn(\"k\", new long?[] { 1, 1, 2 }));")).ShouldSucceed();
        var message = (await k.SubmitAsync(code)).ShouldFail();
        Assert.Contains(expected, message);
        Assert.Empty(MLOps.Datasets.List());
    }
}

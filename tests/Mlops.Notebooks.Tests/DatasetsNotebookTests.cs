namespace Mlops.Notebooks.Tests;

[Collection(KernelCollection.Name)]
public class DatasetsNotebookTests(KernelSandbox sandbox)
{
    [Fact]
    public async Task The_datasets_notebook_versions_edits_diffs_profiles_drifts_and_trains_on_an_old_version()
    {
        using var run = await NotebookRun.ExecuteAsync(sandbox, sandbox.Notebook("02-datasets.ipynb"));
        run.ShouldSucceed();

        using var client = MlopsClient.Open(run.Store);
        var log = client.Datasets.Log("houses");
        Assert.Equal([3, 2, 1], log.Select(v => v.Number));
        Assert.Equal((500L, 6), (log[2].Rows, log[2].Columns.Count));
        Assert.Equal((3L, 2L, (long?)5), (log[1].Added, log[1].Removed, log[1].Changed));
        Assert.Equal("price_per_m2", log[1].Columns[^1].Name);
        Assert.Equal(["id"], client.Datasets.Service.Key("houses"));

        // version 1 reads back as the CSV committed, however many versions came after it
        var v1 = client.Datasets.Load("houses@1");
        var csv = File.ReadAllLines(sandbox.Notebook(Path.Combine("data", "houses.csv"))).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(csv.Count, (int)v1.Rows.Count);
        var byId = v1.Rows.ToDictionary(r => (long)r["id"], r => r);
        foreach (var fields in csv)
        {
            var row = byId[long.Parse(fields[0])];
            Assert.Equal(fields[4], (string)row["city"]);
            Assert.Equal(double.Parse(fields[5], System.Globalization.CultureInfo.InvariantCulture), (double)row["price"]);
        }

        // the run that trained on version 1 has it as an input, with its digest
        var trained = client.GetRun(client.ListRuns().Single(r => r.Info.Name == "sdca-on-houses-v1").Info.Id.Value);
        var input = Assert.Single(trained.Inputs);
        Assert.Equal(("houses", 1, DatasetUse.Loaded, log[2].Digest), (input.Dataset, input.Version, input.Use, input.Digest));
        Assert.True(trained.Metrics.Single(m => m.Key == "r_squared").Latest > 0.8);
        Assert.Contains(trained.Info.Id, log[2].Runs);

        var diff = run.OutputOf("#!dataset diff houses@1 houses@2 --into");
        Assert.Contains("+3 added</span>, <span class=\"removed\">-2 removed</span>, ~5 changed", diff);
        Assert.Contains("price_per_m2", diff);
        Assert.Contains("<span class=\"old\">", diff);
        Assert.Contains("<pre>10</pre>", run.OutputOf("changes.Rows.Count"));
        Assert.Contains("(no key: whole rows)", run.OutputOf("--no-key"));
        var drift = run.OutputOf("#!dataset drift houses@2 houses@3");
        Assert.Contains("badge significant", drift);
        Assert.Contains("price", drift);
        Assert.Contains("Dataset versions used", run.OutputOf("#!run end"));
        Assert.Contains("Committed <b>houses@1</b>", run.OutputOf("--key id --message"));

        var (charts, notDrawn) = await HeadlessChromium.DrawAsync(run.HtmlPath);
        Assert.True(charts >= 3, $"{charts} charts");   // profile histograms and drift
        Assert.Empty(notDrawn);
    }
}

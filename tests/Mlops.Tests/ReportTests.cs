using System.Text.RegularExpressions;

namespace Mlops.Tests;

public sealed class ReportTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "mlops-report-" + Guid.NewGuid().ToString("N")[..10]);

    public sealed record House(long Id, double Size, double Price);

    /// <summary>A parent run with two children that train on a dataset version, log curves and keep an artifact.</summary>
    private (RunId Parent, RunId Child) Sweep(MlopsClient client)
    {
        var data = client.Datasets.Commit("houses", Enumerable.Range(0, 50).Select(i => new House(i, 50 + i, 100 + 3 * i)), key: ["Id"]).Version;
        var model = Path.Combine(_folder, "model.zip");
        File.WriteAllBytes(model, Enumerable.Range(0, 4096).Select(i => (byte)(i * 7)).ToArray());
        using var parent = client.StartRun("sweep", tags: new { kind = "sweep" });
        RunId first = default;
        foreach (var lr in new[] { 0.1, 0.01 })
        {
            using var child = client.StartRun($"lr-{lr}", parent: parent.Id, tags: new { sweep = "lr" });
            if (first == default) first = child.Id;
            child.LogParams(new { lr, trainer = "sdca" });
            client.Datasets.Service.Open("houses@1", run: child.Id).Dispose();
            for (var step = 0; step < 300; step++)
            {
                child.LogMetric("loss", Math.Exp(-lr * step), step);
                child.LogMetric("auc", 0.7 + lr * step / 300, step);
            }
            child.LogArtifact(model);
        }
        Assert.Equal(1, data.Number);
        return (parent.Id, first);
    }

    private static string[] All(MlopsClient client, RunId parent, RunId child) =>
    [
        client.Reports.Run(parent.Value), client.Reports.Run(child.Value),
        client.Reports.Comparison("tags.sweep = 'lr'", metric: "auc"), client.Reports.Experiment("Default"),
    ];

    [Fact]
    public void The_same_store_content_gives_byte_identical_reports_wherever_the_store_is()
    {
        string[] first;
        RunId parent, child;
        using (var client = MlopsClient.Open(Path.Combine(_folder, "store")))
        {
            (parent, child) = Sweep(client);
            first = All(client, parent, child);
            Assert.Equal(first, All(client, parent, child));
        }
        CopyFolder(Path.Combine(_folder, "store"), Path.Combine(_folder, "copy"));
        using (var reopened = MlopsClient.Open(Path.Combine(_folder, "copy")))
            Assert.Equal(first, All(reopened, parent, child));
    }

    [Fact]
    public void A_run_report_holds_everything_about_the_run_and_plotly_once()
    {
        using var client = MlopsClient.Open(Path.Combine(_folder, "store"));
        var (parent, child) = Sweep(client);
        var run = client.Reports.Run(child.Value);

        Assert.Single(Regex.Matches(run, Regex.Escape("window.Plotly === 'undefined'")));
        Assert.Contains("<h4>Params</h4>", run);
        Assert.Contains("<h4>Metrics</h4>", run);
        Assert.Equal(2, Regex.Matches(run, "class=\"mlops-chart[ \"]").Count);          // loss and auc curves
        Assert.Contains("<h4>Tags</h4>", run);
        Assert.Contains("<h4>Environment</h4>", run);
        Assert.Contains("houses@1", run);
        Assert.Contains(client.Datasets.Get("houses@1").Digest, run);
        Assert.Contains("model.zip", run);
        Assert.Contains("4.1 KB", run);                                             // 4,096 bytes
        Assert.Contains(client.GetRun(child.Value).Artifacts.Single().Digest, run);
        Assert.Contains(parent.Value, run);                                            // its parent
        Assert.DoesNotContain("src=\"http", run);                                      // nothing to fetch
        Assert.DoesNotContain(_folder, run);                                           // no local paths

        var sweep = client.Reports.Run(parent.Value);
        Assert.Contains("<h4>Child runs</h4>", sweep);
        Assert.Contains("lr-0.1", sweep);
        Assert.Contains("lr-0.01", sweep);

        var comparison = client.Reports.Comparison("tags.sweep = 'lr'", metric: "auc");
        Assert.Single(Regex.Matches(comparison, Regex.Escape("window.Plotly === 'undefined'")));
        Assert.Contains("\"type\":\"parcoords\"", comparison);
    }

    [Fact]
    public void Writing_a_report_replaces_the_file_whole()
    {
        var path = Path.Combine(_folder, "out", "r.html");
        ReportWriter.Write("first", path);
        ReportWriter.Write("second", path);
        Assert.Equal("second", File.ReadAllText(path));
        Assert.Equal(["r.html"], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}

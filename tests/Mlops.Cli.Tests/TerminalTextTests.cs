using Mlops.Cli.Terminal;

namespace Mlops.Cli.Tests;

/// <summary>Terminal output fits the width, says what it left out and how to see it, and shows a run's inputs.</summary>
public sealed class TerminalTextTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "mlops-text-" + Guid.NewGuid().ToString("N")[..10]);

    [Fact]
    public void A_run_list_shows_params_fits_the_width_and_names_what_it_left_out()
    {
        using var client = MlopsClient.Open(_folder);
        for (var i = 0; i < 3; i++)
        {
            using var run = client.StartRun($"trial-{i}");
            run.LogParams(new { lr = 0.1 * (i + 1), trainer = "sdca", seed = 1 });
            foreach (var m in new[] { "auc", "f1", "log_loss", "precision", "recall", "training_seconds" }) run.LogMetric(m, 0.5 + i / 10.0);
        }
        var wide = new StringWriter();
        RunText.List(wide, client.ListRuns(), width: 1000);
        Assert.Contains("params.lr", wide.ToString());
        Assert.DoesNotContain("left out", wide.ToString());

        var narrow = new StringWriter();
        RunText.List(narrow, client.ListRuns(), width: 80);
        var text = narrow.ToString();
        Assert.All(text.Split('\n').Where(l => !l.StartsWith('(')), line => Assert.True(line.TrimEnd().Length <= 80, $"{line.Length}: {line}"));
        Assert.Contains("left out to fit", text);
        Assert.Contains("params.lr", text[text.IndexOf("left out", StringComparison.Ordinal)..]);
        Assert.Contains("--json", text);
    }

    [Fact]
    public void A_comparison_of_many_runs_fits_the_width_in_blocks_with_a_legend()
    {
        using var client = MlopsClient.Open(_folder);
        var ids = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            using var run = client.StartRun($"a-rather-long-run-name-{i}");
            run.LogParams(new { lr = 0.1 * (i + 1) });
            run.LogMetric("auc", 0.5 + i / 100.0);
            ids.Add(run.Id.Value);
        }
        var output = new StringWriter();
        RunText.Compare(output, client.Compare(ids), width: 70);
        var text = output.ToString();
        Assert.All(text.Split('\n'), line => Assert.True(line.TrimEnd().Length <= 70, $"{line.Length}: {line}"));
        Assert.Contains("= a-rather-long-run-name-7", text);
        foreach (var id in ids) Assert.True(text.Split(id[..8]).Length >= 3, $"run {id[..8]} is not in the legend and a table block");   // legend and a block header
        Assert.True(text.Split("params.lr").Length >= 3, "one block only: it cannot fit 8 runs in 70 characters");
    }

    [Fact]
    public void A_run_card_shows_the_dataset_versions_it_used()
    {
        using var client = MlopsClient.Open(_folder);
        client.Datasets.Commit("points", new[] { new { X = 1.0 } });
        var id = client.Run("reader", run => { client.Datasets.Load("points@1"); return run.Id; });
        var output = new StringWriter();
        RunText.Card(output, client.GetRun(id.Value));
        Assert.Contains("DATASET VERSIONS USED", output.ToString());
        Assert.Contains("points@1", output.ToString());
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }
}

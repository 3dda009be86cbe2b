using System.Diagnostics;
using DuckDB.NET.Data;
using Mlops.Charts;

namespace Mlops.Benchmarks;

/// <summary>
/// <c>search</c>: a store of 10,000 runs x 20 metrics x 100 steps x 10 params (20 million points), built through the
/// API. Measures a filtered, ordered list; building and rendering the comparison of 100 runs with their curves; and the
/// report of one run with 10 metrics x 10,000 steps. Baselines in the same run: the same filter hand-written as SQL on
/// the same file, a bare read of the 100 runs' points, and the size of plotly.js that every report carries.
/// </summary>
internal static class SearchScenario
{
    private const int Runs = 10_000;
    private const int Metrics = 20;
    private const int Steps = 100;
    private static readonly string[] Trainers = ["sdca", "lbfgs", "fasttree", "lightgbm"];

    internal const string Filter = "params.trainer in ('sdca','lbfgs') and metrics.auc > 0.9 and (params.lr < 0.05 or tags.stage = 'prod')";
    internal const string Order = "metrics.auc desc";

    // the same question, written by hand against the schema: what the list costs beyond the query itself
    private const string BaselineSql = """
        SELECT r.run_id, m.latest
        FROM runs r
        JOIN metric_summaries m ON m.run_key = r.run_key AND m.key = 'auc'
        JOIN params t ON t.run_id = r.run_id AND t.key = 'trainer'
        LEFT JOIN params l ON l.run_id = r.run_id AND l.key = 'lr'
        LEFT JOIN tags s ON s.run_id = r.run_id AND s.key = 'stage'
        WHERE t.value IN ('sdca', 'lbfgs') AND m.latest > 0.9 AND (TRY_CAST(l.value AS DOUBLE) < 0.05 OR s.value = 'prod')
        ORDER BY m.latest DESC
        LIMIT 100
        """;

    public static void Run()
    {
        var folder = Report.TempFolder("search");
        try
        {
            var store = Path.Combine(folder, "store");
            var build = Report.Time(() => Build(store));
            Report.Note($"built {Runs:N0} runs x {Metrics} metrics x {Steps} steps x 10 params ({(long)Runs * Metrics * Steps:N0} points) in {build.TotalSeconds:0.0} s");

            var baselineList = Baseline(store, BaselineSql, 9);
            List<string> hundred;
            using (var client = MlopsClient.Open(store))
            {
                var selected = client.SearchRuns(Filter, Order);
                Report.Note($"the filter selects {selected.Count} runs (limit 100): {Filter}");
                var list = Report.Median(9, () => Report.Time(() => client.SearchRuns(Filter, Order)).TotalMilliseconds);
                Report.Result("search.list_ms", list, "ms");
                Report.Result("search.list_baseline_ms", baselineList, "ms");
                Report.Result("search.list_ratio", list / baselineList, "x");

                hundred = client.SearchRuns("params.trainer = 'lightgbm'", "metrics.auc desc", 100).Select(r => r.Info.Id.Value).ToList();
                var compare = Report.Median(5, () => Report.Time(() =>
                {
                    var comparison = client.Compare(hundred, metric: "auc");
                    var html = ComparisonView.Render(comparison, ChartContext.Standalone("bench"));
                    if (comparison.Runs.Count != 100 || html.Length < 100_000) throw new InvalidOperationException("the comparison is incomplete");
                }).TotalMilliseconds);
                Report.Result("search.compare_ms", compare, "ms");
            }
            var keys = string.Join(",", hundred.Select(id => $"'{id}'"));
            var baselineRead = Baseline(store,
                $"SELECT m.run_key, m.key, m.step, m.value FROM metrics m JOIN runs r USING (run_key) WHERE r.run_id IN ({keys}) ORDER BY m.run_key, m.key, m.step", 5);
            Report.Result("search.compare_baseline_read_ms", baselineRead, "ms");

            var (bytes, seconds) = LongRunReport(Path.Combine(folder, "long"));
            Report.Result("search.report_bytes", bytes, "bytes");
            Report.Result("search.report_s", seconds, "s");
            Report.Result("search.report_plotly_bytes", PlotlyBundle.ScriptTag().Length, "bytes");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    internal static void Build(string store)
    {
        var random = new Random(42);
        var metricKeys = Enumerable.Range(0, Metrics).Select(i => i == 0 ? "auc" : i == 1 ? "loss" : $"metric_{i:00}").ToArray();
        using var client = MlopsClient.Open(store);
        for (var r = 0; r < Runs; r++)
        {
            using var run = client.StartRun($"run-{r:00000}", experiment: $"exp-{r % 10}",
                tags: new { stage = random.NextDouble() < 0.05 ? "prod" : "dev", team = $"team-{r % 7}" });
            run.LogParams(new Dictionary<string, object?>
            {
                ["trainer"] = Trainers[r % Trainers.Length],
                ["lr"] = Math.Round(0.001 + random.NextDouble() * 0.3, 4),
                ["l2"] = Math.Round(random.NextDouble(), 4),
                ["epochs"] = 10 + r % 50,
                ["batch"] = 32 << (r % 4),
                ["seed"] = r,
                ["features"] = r % 3 == 0 ? "all" : "no_calls",
                ["optimizer"] = r % 2 == 0 ? "adam" : "sgd",
                ["dropout"] = Math.Round(random.NextDouble() * 0.5, 2),
                ["layers"] = 1 + r % 4,
            });
            var target = 0.6 + random.NextDouble() * 0.39;
            for (var step = 0; step < Steps; step++)
            {
                var progress = (step + 1.0) / Steps;
                run.LogMetric("auc", target - (1 - progress) * 0.2, step);
                run.LogMetric("loss", Math.Exp(-3 * progress) + random.NextDouble() * 0.01, step);
                for (var m = 2; m < Metrics; m++) run.LogMetric(metricKeys[m], Math.Sin(step / 10.0 + m) + r * 1e-4, step);
            }
        }
    }

    private static (long Bytes, double Seconds) LongRunReport(string store)
    {
        using var client = MlopsClient.Open(store);
        string id;
        using (var run = client.StartRun("long"))
        {
            var random = new Random(1);
            for (var step = 0; step < 10_000; step++)
                for (var m = 0; m < 10; m++)
                    run.LogMetric($"metric_{m}", Math.Sin(step / 300.0 + m) + random.NextDouble() * 0.1, step);
            id = run.Id.Value;
        }
        string html = "";
        var seconds = Report.Median(3, () => Report.Time(() => html = client.Reports.Run(id)).TotalSeconds);
        return (System.Text.Encoding.UTF8.GetByteCount(html), seconds);
    }

    /// <summary>The median time of a query on one open connection, reading every value of every row.</summary>
    private static double Baseline(string store, string sql, int repetitions)
    {
        using var connection = new DuckDBConnection($"Data Source={Path.Combine(store, "mlops.duckdb")};ACCESS_MODE=READ_ONLY");
        connection.Open();
        return Report.Median(repetitions, () => Report.Time(() =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            using var reader = command.ExecuteReader();
            var rows = 0;
            while (reader.Read())
            {
                for (var i = 0; i < reader.FieldCount; i++) _ = reader.GetValue(i);
                rows++;
            }
            if (rows == 0) throw new InvalidOperationException("the baseline query found nothing");
        }).TotalMilliseconds);
    }
}

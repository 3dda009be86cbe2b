using Mlops.Charts;
using Mlops.TestSupport;
using Npgsql;

namespace Mlops.Benchmarks;

/// <summary>
/// <c>pg-search</c>: the <c>search</c> scenario's store (10,000 runs x 20 metrics x 100 steps x 10 params) built through
/// the API on a team store on a local PostgreSQL server; the same filtered, ordered list and the comparison of 100 runs,
/// with the list's filter hand-written as SQL on the same server as its baseline.
/// </summary>
internal static class PgSearchScenario
{
    private const string BaselineSql = """
        SELECT r.run_id, m.latest
        FROM mlops.runs r
        JOIN mlops.metric_summaries m ON m.run_key = r.run_key AND m.key = 'auc'
        JOIN mlops.params t ON t.run_id = r.run_id AND t.key = 'trainer'
        LEFT JOIN mlops.params l ON l.run_id = r.run_id AND l.key = 'lr'
        LEFT JOIN mlops.tags s ON s.run_id = r.run_id AND s.key = 'stage'
        WHERE t.value IN ('sdca', 'lbfgs') AND m.latest > 0.9 AND (mlops.try_double(l.value) < 0.05 OR s.value = 'prod')
        ORDER BY m.latest DESC
        LIMIT 100
        """;

    public static void Run()
    {
        var server = PostgresServer.Shared;
        var store = server.NewDatabase("search");
        var build = Report.Time(() => SearchScenario.Build(store));
        Report.Note($"built 10,000 runs x 20 metrics x 100 steps x 10 params (20,000,000 points) on PostgreSQL in {build.TotalSeconds:0.0} s");
        using (var connection = new NpgsqlConnection(server.ConnectionString(PgLoggingScenario.Database(store))))
        {
            connection.Open();
            PgLoggingScenario.Execute(connection, "VACUUM ANALYZE");
            var baseline = Report.Median(9, () => Report.Time(() =>
            {
                using var command = new NpgsqlCommand(BaselineSql, connection);
                using var reader = command.ExecuteReader();
                var rows = 0;
                while (reader.Read()) rows++;
                if (rows == 0) throw new InvalidOperationException("the baseline query found nothing");
            }).TotalMilliseconds);
            Report.Result("pg.search.list_baseline_ms", baseline, "ms");
        }
        using var client = MlopsClient.Open(store);
        Report.Note($"the filter selects {client.SearchRuns(SearchScenario.Filter, SearchScenario.Order).Count} runs (limit 100)");
        var list = Report.Median(9, () => Report.Time(() => client.SearchRuns(SearchScenario.Filter, SearchScenario.Order)).TotalMilliseconds);
        Report.Result("pg.search.list_ms", list, "ms");
        var hundred = client.SearchRuns("params.trainer = 'lightgbm'", "metrics.auc desc", 100).Select(r => r.Info.Id.Value).ToList();
        var compare = Report.Median(5, () => Report.Time(() =>
        {
            var comparison = client.Compare(hundred, metric: "auc");
            var html = ComparisonView.Render(comparison, ChartContext.Standalone("bench"));
            if (comparison.Runs.Count != 100 || html.Length < 100_000) throw new InvalidOperationException("the comparison is incomplete");
        }).TotalMilliseconds);
        Report.Result("pg.search.compare_ms", compare, "ms");
        Report.Note("targets: list < 300 ms, comparison of 100 runs < 1 s");
    }
}

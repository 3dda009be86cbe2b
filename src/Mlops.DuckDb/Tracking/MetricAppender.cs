using DuckDB.NET.Data;

namespace Mlops.DuckDb;

/// <summary>
/// Writes batches of metric points through DuckDB's appender a data chunk at a time (<see cref="MetricChunkWriter"/>), and in the same transaction folds each batch into
/// <c>metric_summaries</c> (latest, extremes, count per run and key), so reads never aggregate the long table.
/// </summary>
internal sealed class MetricAppender(DuckDbFile.Lease lease) : IMetricAppender
{
    private const int SummariesPerStatement = 200;

    private const string Upsert = """
        ON CONFLICT (run_key, key) DO UPDATE SET
            latest      = CASE WHEN excluded.latest_step > latest_step OR (excluded.latest_step = latest_step AND excluded.latest_time >= latest_time)
                               THEN excluded.latest ELSE latest END,
            latest_time = CASE WHEN excluded.latest_step > latest_step OR (excluded.latest_step = latest_step AND excluded.latest_time >= latest_time)
                               THEN excluded.latest_time ELSE latest_time END,
            latest_step = greatest(latest_step, excluded.latest_step),
            last_time   = greatest(last_time, excluded.last_time),
            min_value   = CASE WHEN min_value IS NULL THEN excluded.min_value WHEN excluded.min_value IS NULL THEN min_value ELSE least(min_value, excluded.min_value) END,
            max_value   = CASE WHEN max_value IS NULL THEN excluded.max_value WHEN excluded.max_value IS NULL THEN max_value ELSE greatest(max_value, excluded.max_value) END,
            points      = points + excluded.points
        """;

    private readonly Dictionary<RunId, int> _runKeys = [];

    public void Append(IReadOnlyList<ArraySegment<MetricRow>> batches) => lease.Connection.InTransaction(() =>
    {
        var summaries = new Dictionary<(int Run, string Key), MetricBatchSummary>();
        using (var writer = new MetricChunkWriter(lease.Connection))
        {
            RunId lastRun = default;
            var runKey = 0;
            string? lastKey = null;
            MetricBatchSummary? summary = null;
            foreach (var batch in batches)
                foreach (var row in batch)
                {
                    if (row.RunId != lastRun) (lastRun, runKey, lastKey) = (row.RunId, RunKey(row.RunId), null);
                    if (!ReferenceEquals(row.Key, lastKey))
                    {
                        lastKey = row.Key;
                        if (!summaries.TryGetValue((runKey, row.Key), out summary)) summaries[(runKey, row.Key)] = summary = new MetricBatchSummary(row);
                    }
                    summary!.Add(row);
                    writer.Add(runKey, row);
                }
            writer.Complete();
        }
        // one statement per 200 summaries: an upsert costs milliseconds whatever its size, so one per key would make
        // a run's last flush of a few dozen metrics take tens of milliseconds
        foreach (var chunk in summaries.Chunk(SummariesPerStatement))
        {
            var values = string.Join(", ", chunk.Select((_, i) => "(" + string.Join(", ", Enumerable.Range(i * 9 + 1, 9).Select(n => "$" + n)) + ")"));
            var args = chunk.SelectMany(e => new object?[] { e.Key.Run, e.Key.Key, e.Value.Latest, e.Value.LatestStep, e.Value.LatestTime, e.Value.LastTime, e.Value.Min, e.Value.Max, e.Value.Count }).ToArray();
            lease.Connection.Execute($"INSERT INTO metric_summaries VALUES {values}\n{Upsert}", args);
        }
    });

    public void Dispose() => lease.Dispose();

    private int RunKey(RunId run)
    {
        if (_runKeys.TryGetValue(run, out var key)) return key;
        key = lease.Connection.Scalar<int?>("SELECT run_key FROM runs WHERE run_id = $1", run)
              ?? throw new MlopsException(MlopsErrorKind.NotFound, $"metrics were logged to run {run}, which is not in the store.");
        return _runKeys[run] = key;
    }
}

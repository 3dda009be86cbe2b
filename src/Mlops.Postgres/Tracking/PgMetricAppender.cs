using Npgsql;
using NpgsqlTypes;

namespace Mlops.Postgres;

/// <summary>
/// Writes batches of metric points to the team store: one transaction a batch, the points by one binary
/// <c>COPY</c>, the per-run-and-key summaries by one set-based upsert, and the batch's flush ids recorded in the same
/// transaction, so a batch retried after a dropped connection is recognised and stored once (<see cref="PgFlushLedger"/>).
/// Holds one pooled connection until disposed.
/// </summary>
internal sealed class PgMetricAppender(PgDatabase db, PgFlushLedger ledger) : IMetricAppender
{
    private const string Upsert = """
        INSERT INTO metric_summaries AS s
        SELECT * FROM unnest($1::integer[], $2::text[], $3::double precision[], $4::bigint[], $5::timestamptz[], $6::timestamptz[],
                             $7::double precision[], $8::double precision[], $9::bigint[])
        ON CONFLICT (run_key, key) DO UPDATE SET
            latest      = CASE WHEN excluded.latest_step > s.latest_step OR (excluded.latest_step = s.latest_step AND excluded.latest_time >= s.latest_time)
                               THEN excluded.latest ELSE s.latest END,
            latest_time = CASE WHEN excluded.latest_step > s.latest_step OR (excluded.latest_step = s.latest_step AND excluded.latest_time >= s.latest_time)
                               THEN excluded.latest_time ELSE s.latest_time END,
            latest_step = greatest(s.latest_step, excluded.latest_step),
            last_time   = greatest(s.last_time, excluded.last_time),
            min_value   = least(s.min_value, excluded.min_value),
            max_value   = greatest(s.max_value, excluded.max_value),
            points      = s.points + excluded.points
        """;

    private NpgsqlConnection? _connection;

    public void Append(IReadOnlyList<ArraySegment<MetricRow>> batches)
    {
        try
        {
            _connection ??= db.Open();
            Write(_connection, batches);
            ledger.Settle(batches);
        }
        catch (Exception e) when (PgErrors.Translate(e, db.Location) is var translated && !ReferenceEquals(translated, e))
        {
            DropConnection();
            throw translated;
        }
        catch
        {
            DropConnection();
            throw;
        }
    }

    public void Dispose() => DropConnection();

    private void DropConnection()
    {
        _connection?.Dispose();
        _connection = null;
    }

    private void Write(NpgsqlConnection c, IReadOnlyList<ArraySegment<MetricRow>> batches)
    {
        using var transaction = c.BeginTransaction();
        var runKeys = RunKeys(c, batches);
        var ids = batches.Select(ledger.IdOf).ToArray();
        var fresh = c.Query("""
            INSERT INTO metric_flushes SELECT f.id, f.points, now() FROM unnest($1::uuid[], $2::integer[]) AS f(id, points)
            ON CONFLICT DO NOTHING RETURNING flush_id
            """, r => r.GetGuid(0), ids, batches.Select(b => b.Count).ToArray()).ToHashSet();
        var summaries = new Dictionary<(int Run, string Key), MetricBatchSummary>();
        using (var copy = c.BeginBinaryImport("COPY metrics (run_key, key, step, timestamp, value) FROM STDIN (FORMAT BINARY)"))
        {
            for (var b = 0; b < batches.Count; b++)
            {
                if (!fresh.Contains(ids[b])) continue;   // stored by an earlier try whose outcome was not known
                RunId lastRun = default;
                var runKey = 0;
                // the summaries of the last few keys of this run, by reference: a loop logs a few key instances in turn
                var recentKeys = new string?[8];
                var recent = new MetricBatchSummary?[8];
                var next = 0;
                foreach (var row in batches[b])
                {
                    if (row.RunId != lastRun)
                    {
                        (lastRun, runKey) = (row.RunId, runKeys[row.RunId]);
                        Array.Clear(recentKeys);
                    }
                    MetricBatchSummary? summary = null;
                    for (var k = 0; k < recentKeys.Length; k++)
                        if (ReferenceEquals(recentKeys[k], row.Key)) { summary = recent[k]; break; }
                    if (summary is null)
                    {
                        if (!summaries.TryGetValue((runKey, row.Key), out summary)) summaries[(runKey, row.Key)] = summary = new MetricBatchSummary(row);
                        recentKeys[next & 7] = row.Key;
                        recent[next++ & 7] = summary;
                    }
                    summary.Add(row);
                    copy.StartRow();
                    copy.Write(runKey, NpgsqlDbType.Integer);
                    copy.Write(row.Key, NpgsqlDbType.Text);
                    copy.Write(row.Step, NpgsqlDbType.Bigint);
                    copy.Write(Utc(row.Timestamp), NpgsqlDbType.TimestampTz);
                    copy.Write(row.Value, NpgsqlDbType.Double);
                }
            }
            copy.Complete();
        }
        if (summaries.Count > 0)
        {
            var list = summaries.ToList();
            c.Execute(Upsert,
                list.Select(s => s.Key.Run).ToArray(), list.Select(s => s.Key.Key).ToArray(), list.Select(s => s.Value.Latest).ToArray(),
                list.Select(s => s.Value.LatestStep).ToArray(), list.Select(s => Utc(s.Value.LatestTime)).ToArray(), list.Select(s => Utc(s.Value.LastTime)).ToArray(),
                list.Select(s => s.Value.Min).ToArray(), list.Select(s => s.Value.Max).ToArray(), list.Select(s => s.Value.Count).ToArray());
        }
        transaction.Commit();
    }

    private static Dictionary<RunId, int> RunKeys(NpgsqlConnection c, IReadOnlyList<ArraySegment<MetricRow>> batches)
    {
        var runs = new HashSet<RunId>();
        foreach (var batch in batches)
        {
            RunId last = default;
            foreach (var row in batch)
                if (row.RunId != last) runs.Add(last = row.RunId);
        }
        var keys = c.Query("SELECT run_id, run_key FROM runs WHERE run_id = ANY($1)", r => (RunId.Parse(r.GetString(0)), r.GetInt32(1)),
            (object)runs.Select(r => r.Value).ToArray()).ToDictionary(x => x.Item1, x => x.Item2);
        var missing = runs.FirstOrDefault(r => !keys.ContainsKey(r));
        if (missing != default) throw new MlopsException(MlopsErrorKind.NotFound, $"metrics were logged to run {missing}, which is not in the store.");
        return keys;
    }

    // buffered times are UTC; Npgsql writes a timestamptz only from a DateTime that says so
    private static DateTime Utc(DateTime time) => DateTime.SpecifyKind(time, DateTimeKind.Utc);
}

namespace Mlops.Postgres;

public sealed partial class PostgresStore
{
    private readonly PgFlushLedger _flushes = new();

    /// <inheritdoc/>
    public IReadOnlyList<KeyValuePair<string, string>> LogParams(RunId id, IReadOnlyList<KeyValuePair<string, string>> values) => _db.Use(c =>
        c.InTransaction(() =>
        {
            // the run's row is locked: two processes logging params to one run take turns, so "first value wins" holds
            if (c.Scalar<string>("SELECT run_id FROM runs WHERE run_id = $1 FOR UPDATE", id) is null) throw RunMissing(id);
            var stored = c.Query("SELECT key, value FROM params WHERE run_id = $1", r => KeyValuePair.Create(r.GetString(0), r.GetString(1)), id)
                .ToDictionary();
            var conflicts = values.Where(v => stored.TryGetValue(v.Key, out var old) && old != v.Value)
                .Select(v => KeyValuePair.Create(v.Key, stored[v.Key])).ToList();
            if (conflicts.Count > 0) return conflicts;
            foreach (var (key, value) in values.Where(v => !stored.ContainsKey(v.Key)))
                c.Execute("INSERT INTO params VALUES ($1, $2, $3)", id, key, value);
            return (IReadOnlyList<KeyValuePair<string, string>>)conflicts;
        }));

    /// <inheritdoc/>
    public void SetTags(RunId id, IReadOnlyList<KeyValuePair<string, string>> tags) => _db.Use(c => c.InTransaction(() =>
    {
        RequireRunExists(c, id);
        foreach (var (key, value) in tags)
            c.Execute("INSERT INTO tags VALUES ($1, $2, $3) ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value", id, key, value);
    }));

    /// <inheritdoc/>
    public IMetricAppender OpenMetricAppender() => new PgMetricAppender(_db, _flushes);

    /// <inheritdoc/>
    public IReadOnlyList<MetricPoint> GetMetricHistory(RunId id, string key) => _db.Use(c =>
        c.Query("SELECT step, value, timestamp FROM metrics WHERE run_key = (SELECT run_key FROM runs WHERE run_id = $1) AND key = $2 ORDER BY step, timestamp",
            r => new MetricPoint(r.GetInt64(0), r.GetDouble(1), r.Utc(2)), id, key));

    /// <inheritdoc/>
    public IReadOnlyList<MetricHistory> GetMetricHistories(IReadOnlyList<RunId> runs, IReadOnlyList<string>? keys = null) => _db.Use(c =>
    {
        if (runs.Count == 0) return (IReadOnlyList<MetricHistory>)[];
        var ids = runs.Select(r => r.Value).ToArray();
        var rows = c.Query($"""
            SELECT r.run_id, m.key, m.step, m.value, m.timestamp FROM metrics m JOIN runs r USING (run_key)
            WHERE r.run_id = ANY($1){(keys is null ? "" : " AND m.key = ANY($2)")} ORDER BY r.run_id, m.key COLLATE "C", m.step, m.timestamp
            """, r => (Run: r.GetString(0), Key: r.GetString(1), Point: new MetricPoint(r.GetInt64(2), r.GetDouble(3), r.Utc(4))),
            keys is null ? [ids] : [ids, keys.ToArray()]);
        var histories = new List<MetricHistory>();
        foreach (var group in rows.GroupBy(x => (x.Run, x.Key)))
            histories.Add(new MetricHistory(RunId.Parse(group.Key.Run), group.Key.Key, group.Select(x => x.Point).ToList()));
        return histories;
    });
}

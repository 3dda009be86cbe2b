namespace Mlops.DuckDb;

public sealed partial class DuckDbStore
{
    /// <inheritdoc/>
    public IReadOnlyList<KeyValuePair<string, string>> LogParams(RunId id, IReadOnlyList<KeyValuePair<string, string>> values) => Use(c =>
        c.InTransaction(() =>
        {
            RequireRunExists(c, id);
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
    public void SetTags(RunId id, IReadOnlyList<KeyValuePair<string, string>> tags) => Use(c => c.InTransaction(() =>
    {
        RequireRunExists(c, id);
        foreach (var (key, value) in tags)
            c.Execute("INSERT INTO tags VALUES ($1, $2, $3) ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value", id, key, value);
    }));

    /// <inheritdoc/>
    public IMetricAppender OpenMetricAppender() => new MetricAppender(_file.Hold(_options.LockTimeout));

    /// <inheritdoc/>
    public IReadOnlyList<MetricPoint> GetMetricHistory(RunId id, string key) => Use(c =>
        c.Query("SELECT step, value, timestamp FROM metrics WHERE run_key = (SELECT run_key FROM runs WHERE run_id = $1) AND key = $2 ORDER BY step, timestamp",
            r => new MetricPoint(r.GetInt64(0), r.GetDouble(1), r.Utc(2)), id, key));

    /// <inheritdoc/>
    public IReadOnlyList<MetricHistory> GetMetricHistories(IReadOnlyList<RunId> runs, IReadOnlyList<string>? keys = null) => Use(c =>
    {
        if (runs.Count == 0) return (IReadOnlyList<MetricHistory>)[];
        var args = runs.Cast<object?>().Concat(keys ?? []).ToArray();
        var runList = string.Join(", ", runs.Select((_, i) => $"${i + 1}"));
        var keyFilter = keys is null ? "" : $" AND m.key IN ({string.Join(", ", keys.Select((_, i) => $"${runs.Count + i + 1}"))})";
        var rows = c.Query($"""
            SELECT r.run_id, m.key, m.step, m.value, m.timestamp FROM metrics m JOIN runs r USING (run_key)
            WHERE r.run_id IN ({runList}){keyFilter} ORDER BY r.run_id, m.key, m.step, m.timestamp
            """, r => (Run: r.GetString(0), Key: r.GetString(1), Point: new MetricPoint(r.GetInt64(2), r.GetDouble(3), r.Utc(4))), args);
        var histories = new List<MetricHistory>();
        foreach (var group in rows.GroupBy(x => (x.Run, x.Key)))
            histories.Add(new MetricHistory(RunId.Parse(group.Key.Run), group.Key.Key, group.Select(x => x.Point).ToList()));
        return histories;
    });

    private static void RequireRunExists(DuckDB.NET.Data.DuckDBConnection c, RunId id)
    {
        if (c.Scalar<long>("SELECT count(*) FROM runs WHERE run_id = $1", id) == 0)
            throw new MlopsException(MlopsErrorKind.NotFound, $"run {id} does not exist.");
    }
}

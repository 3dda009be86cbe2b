using System.Data.Common;
using System.Text;
using System.Text.Json;

namespace Mlops.DuckDb;

public sealed partial class DuckDbStore
{
    private const string RunColumns =
        "r.run_id, e.name, r.name, r.status, r.start_time, r.end_time, r.parent_run_id, r.note, r.status_reason, coalesce(r.deleted_at, e.deleted_at)";

    private static readonly RunSqlDialect Dialect = new(text => $"TRY_CAST({text} AS DOUBLE)", (end, start) => $"epoch({end}) - epoch({start})", "VARCHAR");

    private const string RunFrom = "runs r JOIN experiments e USING (experiment_id)";

    /// <inheritdoc/>
    public void CreateRun(NewRun run) => Use(c => c.InTransaction(() =>
    {
        var info = run.Info;
        c.Execute("""
            INSERT INTO runs (run_id, experiment_id, name, status, start_time, parent_run_id, note, owner_host, owner_pid, owner_started, environment)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
            """,
            info.Id, run.ExperimentId, info.Name, info.Status, info.StartTime, info.ParentId?.Value, info.Note,
            run.Owner.Host, run.Owner.ProcessId, run.Owner.ProcessStart, JsonSerializer.Serialize(run.Environment, StoreJson.Default.RunEnvironment));
        foreach (var (key, value) in run.Tags) c.Execute("INSERT INTO tags VALUES ($1, $2, $3)", info.Id, key, value);
    }));

    /// <inheritdoc/>
    public RunInfo? GetRun(RunId id) => Use(c =>
        c.Query($"SELECT {RunColumns} FROM {RunFrom} WHERE r.run_id = $1", ReadRun, id).FirstOrDefault());

    /// <inheritdoc/>
    public IReadOnlyList<RunId> FindRunIds(string prefix, int limit) => Use(c =>
        c.Query("SELECT run_id FROM runs WHERE starts_with(run_id, $1) ORDER BY run_id LIMIT $2", r => RunId.Parse(r.GetString(0)), prefix, limit));

    /// <inheritdoc/>
    public IReadOnlyList<RunListItem> ListRuns(RunFilter filter) => Use(c =>
    {
        var args = new List<object?>();
        var sql = new RunFilterSql(args, Dialect);
        var where = sql.Conditions(filter);
        var order = sql.Order(filter);
        var limit = sql.Parameter(filter.Limit);
        c.Execute("DROP TABLE IF EXISTS temp.listed");
        c.Execute($"""
            CREATE TEMP TABLE listed AS
            SELECT {RunColumns}, r.run_key, r.__position FROM (
                SELECT r.*, row_number() OVER (ORDER BY {order}) AS __position FROM {RunFrom} WHERE {where} ORDER BY {order} LIMIT {limit}) r
            JOIN experiments e USING (experiment_id)
            """, [.. args]);
        var runs = c.Query("SELECT * EXCLUDE (run_key, __position) FROM temp.listed ORDER BY __position", ReadRun);
        var parameters = Grouped(c.Query("SELECT p.run_id, p.key, p.value FROM params p JOIN temp.listed USING (run_id)",
            r => (r.GetString(0), r.GetString(1), r.GetString(2))));
        var metrics = c.Query("SELECT l.run_id, s.key, s.latest FROM metric_summaries s JOIN temp.listed l USING (run_key)",
                r => (r.GetString(0), r.GetString(1), r.GetDouble(2)))
            .GroupBy(m => m.Item1).ToDictionary(g => g.Key, g => (IReadOnlyDictionary<string, double>)g.ToDictionary(m => m.Item2, m => m.Item3));
        c.Execute("DROP TABLE temp.listed");
        return (IReadOnlyList<RunListItem>)runs.Select(run => new RunListItem(run,
            parameters.GetValueOrDefault(run.Id.Value) ?? new Dictionary<string, string>(),
            metrics.GetValueOrDefault(run.Id.Value) ?? new Dictionary<string, double>())).ToList();
    });

    /// <inheritdoc/>
    public IReadOnlyList<RunDetails> GetRunDetails(IReadOnlyList<RunId> ids) => Use(c =>
    {
        if (ids.Count == 0) return (IReadOnlyList<RunDetails>)[];
        var list = string.Join(", ", ids.Select((_, i) => $"${i + 1}"));
        var args = ids.Cast<object?>().ToArray();
        var infos = c.Query($"SELECT {RunColumns}, r.environment FROM {RunFrom} WHERE r.run_id IN ({list})",
            r => (Info: ReadRun(r), Environment: r.NullableString(10)), args).ToDictionary(x => x.Info.Id);
        var parameters = ByRun(c.Query($"SELECT run_id, key, value FROM params WHERE run_id IN ({list}) ORDER BY key",
            r => (r.GetString(0), KeyValuePair.Create(r.GetString(1), r.GetString(2))), args));
        var tags = ByRun(c.Query($"SELECT run_id, key, value FROM tags WHERE run_id IN ({list}) ORDER BY key",
            r => (r.GetString(0), KeyValuePair.Create(r.GetString(1), r.GetString(2))), args));
        var metrics = ByRun(c.Query($"""
            SELECT r.run_id, s.key, s.latest, s.latest_step, coalesce(s.min_value, 'NaN'::DOUBLE), coalesce(s.max_value, 'NaN'::DOUBLE), s.points, s.last_time
            FROM metric_summaries s JOIN runs r USING (run_key) WHERE r.run_id IN ({list}) ORDER BY s.key
            """, r => (r.GetString(0), new MetricSummary(r.GetString(1), r.GetDouble(2), r.GetInt64(3), r.GetDouble(4), r.GetDouble(5), r.GetInt64(6), r.Utc(7))), args));
        var artifacts = ByRun(c.Query($"SELECT run_id, name, digest, size_bytes, created_at FROM artifacts WHERE run_id IN ({list}) ORDER BY name",
            r => (r.GetString(0), new ArtifactInfo(r.GetString(1), r.GetString(2), r.GetInt64(3), r.Utc(4))), args));
        var children = ByRun(c.Query($"SELECT r.parent_run_id, {RunColumns} FROM {RunFrom} WHERE r.parent_run_id IN ({list}) ORDER BY r.start_time",
            r => (r.GetString(0), ReadRun(r, 1)), args));
        return ids.Where(infos.ContainsKey).Select(id =>
        {
            var (info, environment) = infos[id];
            return new RunDetails(info, parameters.GetValueOrDefault(id.Value, []).ToDictionary(), tags.GetValueOrDefault(id.Value, []).ToDictionary(),
                metrics.GetValueOrDefault(id.Value, []), artifacts.GetValueOrDefault(id.Value, []),
                environment is null ? null : JsonSerializer.Deserialize(environment, StoreJson.Default.RunEnvironment), children.GetValueOrDefault(id.Value, []));
        }).ToList();
    });

    private static Dictionary<string, List<T>> ByRun<T>(IEnumerable<(string Run, T Item)> rows) =>
        rows.GroupBy(x => x.Run).ToDictionary(g => g.Key, g => g.Select(x => x.Item).ToList());

    /// <inheritdoc/>
    public IReadOnlyList<(RunId Run, RunOwner Owner)> ListRunningRuns(string host) => Use(c =>
        c.Query("SELECT run_id, owner_host, owner_pid, owner_started FROM runs WHERE status = 'running' AND owner_host = $1",
            r => (RunId.Parse(r.GetString(0)), new RunOwner(r.GetString(1), r.GetInt32(2), r.Utc(3))), host));

    /// <inheritdoc/>
    public bool EndRun(RunId id, RunStatus status, DateTimeOffset? endTime, string? reason, RunEnvironment? environment = null) => Use(c => c.Execute("""
        UPDATE runs SET status = $2, status_reason = $4, environment = coalesce($5, environment),
               end_time = coalesce($3, (SELECT max(s.last_time) FROM metric_summaries s WHERE s.run_key = runs.run_key), start_time)
        WHERE run_id = $1 AND status = 'running'
        """, id, status, endTime, reason, environment is null ? null : JsonSerializer.Serialize(environment, StoreJson.Default.RunEnvironment)) == 1);

    /// <inheritdoc/>
    public void SetNote(RunId id, string note) => Use(c => RequireRun(c, id, "UPDATE runs SET note = $2 WHERE run_id = $1", note));

    private static RunInfo ReadRun(DbDataReader r) => ReadRun(r, 0);

    private static RunInfo ReadRun(DbDataReader r, int at) => new(
        RunId.Parse(r.GetString(at)), r.GetString(at + 1), r.GetString(at + 2), RunStatusText.Parse(r.GetString(at + 3)),
        r.Utc(at + 4), r.NullableUtc(at + 5), r.NullableString(at + 6) is { } parent ? RunId.Parse(parent) : null, r.NullableString(at + 7), r.NullableString(at + 8))
    {
        DeletedAt = r.NullableUtc(at + 9),
    };

    private static Dictionary<string, IReadOnlyDictionary<string, string>> Grouped(IEnumerable<(string Run, string Key, string Value)> rows) =>
        rows.GroupBy(p => p.Run).ToDictionary(g => g.Key, g => (IReadOnlyDictionary<string, string>)g.ToDictionary(p => p.Key, p => p.Value));

    private static void RequireRun(DuckDB.NET.Data.DuckDBConnection c, RunId id, string sql, params object?[] args)
    {
        if (c.Execute(sql, [id, .. args]) == 0) throw new MlopsException(MlopsErrorKind.NotFound, $"run {id} does not exist.");
    }
}

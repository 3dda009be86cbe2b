using System.Data.Common;
using System.Text;
using System.Text.Json;
using Npgsql;

namespace Mlops.Postgres;

public sealed partial class PostgresStore
{
    private const string RunColumns =
        "r.run_id, e.name, r.name, r.status, r.start_time, r.end_time, r.parent_run_id, r.note, r.status_reason, coalesce(r.deleted_at, e.deleted_at)";

    private static readonly RunSqlDialect Dialect = new(text => $"try_double({text})", (end, start) => $"extract(epoch FROM {end} - {start})", "text");

    private const string RunFrom = "runs r JOIN experiments e USING (experiment_id)";

    /// <inheritdoc/>
    public void CreateRun(NewRun run) => _db.Use(c => c.InTransaction(() =>
    {
        var info = run.Info;
        c.Execute("""
            INSERT INTO runs (run_id, experiment_id, name, status, start_time, parent_run_id, note, owner_host, owner_pid, owner_started, environment, heartbeat)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, now())
            """,
            info.Id, run.ExperimentId, info.Name, info.Status, info.StartTime, info.ParentId?.Value, info.Note,
            run.Owner.Host, run.Owner.ProcessId, run.Owner.ProcessStart, JsonSerializer.Serialize(run.Environment, PgJson.Default.RunEnvironment));
        foreach (var (key, value) in run.Tags) c.Execute("INSERT INTO tags VALUES ($1, $2, $3)", info.Id, key, value);
        if (info.Status == RunStatus.Running) Own(info.Id);
    }));

    /// <inheritdoc/>
    public RunInfo? GetRun(RunId id) => _db.Use(c =>
        c.Query($"SELECT {RunColumns} FROM {RunFrom} WHERE r.run_id = $1", ReadRun, id).FirstOrDefault());

    /// <inheritdoc/>
    public IReadOnlyList<RunId> FindRunIds(string prefix, int limit) => _db.Use(c =>
        c.Query("SELECT run_id FROM runs WHERE starts_with(run_id, $1) ORDER BY run_id LIMIT $2", r => RunId.Parse(r.GetString(0)), prefix, limit));

    /// <inheritdoc/>
    public IReadOnlyList<RunListItem> ListRuns(RunFilter filter) => _db.Use(c =>
    {
        var args = new List<object?>();
        var sql = new RunFilterSql(args, Dialect);
        var where = sql.Conditions(filter);
        var order = sql.Order(filter);
        var limit = sql.Parameter(filter.Limit);
        var listed = c.Query($"SELECT {RunColumns}, r.run_key FROM {RunFrom} WHERE {where} ORDER BY {order} LIMIT {limit}",
            r => (Info: ReadRun(r), Key: r.GetInt32(10)), [.. args]);
        if (listed.Count == 0) return (IReadOnlyList<RunListItem>)[];
        var ids = listed.Select(l => l.Info.Id.Value).ToArray();
        var parameters = c.Query("SELECT run_id, key, value FROM params WHERE run_id = ANY($1)", r => (r.GetString(0), r.GetString(1), r.GetString(2)), (object)ids)
            .GroupBy(p => p.Item1).ToDictionary(g => g.Key, g => (IReadOnlyDictionary<string, string>)g.ToDictionary(p => p.Item2, p => p.Item3));
        var metrics = c.Query("SELECT run_key, key, latest FROM metric_summaries WHERE run_key = ANY($1)",
                r => (r.GetInt32(0), r.GetString(1), r.GetDouble(2)), listed.Select(l => l.Key).ToArray())
            .GroupBy(m => m.Item1).ToDictionary(g => g.Key, g => (IReadOnlyDictionary<string, double>)g.ToDictionary(m => m.Item2, m => m.Item3));
        return listed.Select(l => new RunListItem(l.Info,
            parameters.GetValueOrDefault(l.Info.Id.Value) ?? new Dictionary<string, string>(),
            metrics.GetValueOrDefault(l.Key) ?? new Dictionary<string, double>())).ToList();
    });

    /// <inheritdoc/>
    public IReadOnlyList<RunDetails> GetRunDetails(IReadOnlyList<RunId> ids) => _db.Use(c =>
    {
        if (ids.Count == 0) return (IReadOnlyList<RunDetails>)[];
        var list = ids.Select(i => i.Value).ToArray();
        var infos = c.Query($"SELECT {RunColumns}, r.environment FROM {RunFrom} WHERE r.run_id = ANY($1)",
            r => (Info: ReadRun(r), Environment: r.NullableString(10)), (object)list).ToDictionary(x => x.Info.Id);
        var parameters = ByRun(c.Query("SELECT run_id, key, value FROM params WHERE run_id = ANY($1) ORDER BY key COLLATE \"C\"",
            r => (r.GetString(0), KeyValuePair.Create(r.GetString(1), r.GetString(2))), (object)list));
        var tags = ByRun(c.Query("SELECT run_id, key, value FROM tags WHERE run_id = ANY($1) ORDER BY key COLLATE \"C\"",
            r => (r.GetString(0), KeyValuePair.Create(r.GetString(1), r.GetString(2))), (object)list));
        var metrics = ByRun(c.Query("""
            SELECT r.run_id, s.key, s.latest, s.latest_step, coalesce(s.min_value, 'NaN'), coalesce(s.max_value, 'NaN'), s.points, s.last_time
            FROM metric_summaries s JOIN runs r USING (run_key) WHERE r.run_id = ANY($1) ORDER BY s.key COLLATE "C"
            """, r => (r.GetString(0), new MetricSummary(r.GetString(1), r.GetDouble(2), r.GetInt64(3), r.GetDouble(4), r.GetDouble(5), r.GetInt64(6), r.Utc(7))), (object)list));
        var artifacts = ByRun(c.Query("SELECT run_id, name, digest, size_bytes, created_at FROM artifacts WHERE run_id = ANY($1) ORDER BY name COLLATE \"C\"",
            r => (r.GetString(0), new ArtifactInfo(r.GetString(1), r.GetString(2), r.GetInt64(3), r.Utc(4))), (object)list));
        var children = ByRun(c.Query($"SELECT r.parent_run_id, {RunColumns} FROM {RunFrom} WHERE r.parent_run_id = ANY($1) ORDER BY r.start_time",
            r => (r.GetString(0), ReadRun(r, 1)), (object)list));
        return ids.Where(infos.ContainsKey).Select(id =>
        {
            var (info, environment) = infos[id];
            return new RunDetails(info, parameters.GetValueOrDefault(id.Value, []).ToDictionary(), tags.GetValueOrDefault(id.Value, []).ToDictionary(),
                metrics.GetValueOrDefault(id.Value, []), artifacts.GetValueOrDefault(id.Value, []),
                environment is null ? null : JsonSerializer.Deserialize(environment, PgJson.Default.RunEnvironment), children.GetValueOrDefault(id.Value, []));
        }).ToList();
    });

    /// <inheritdoc/>
    public IReadOnlyList<(RunId Run, RunOwner Owner)> ListRunningRuns(string host) => _db.Use(c =>
        c.Query("SELECT run_id, owner_host, owner_pid, owner_started FROM runs WHERE status = 'running' AND owner_host = $1",
            r => (RunId.Parse(r.GetString(0)), new RunOwner(r.GetString(1), r.GetInt32(2), r.Utc(3))), host));

    /// <inheritdoc/>
    public bool EndRun(RunId id, RunStatus status, DateTimeOffset? endTime, string? reason, RunEnvironment? environment = null) => _db.Use(c =>
    {
        Disown(id);
        return c.Execute("""
        UPDATE runs SET status = $2, status_reason = $4, environment = coalesce($5, environment),
               end_time = coalesce($3, (SELECT max(s.last_time) FROM metric_summaries s WHERE s.run_key = runs.run_key), start_time)
        WHERE run_id = $1 AND status = 'running'
        """, id, status, endTime, reason, environment is null ? null : JsonSerializer.Serialize(environment, PgJson.Default.RunEnvironment)) == 1;
    });

    /// <inheritdoc/>
    public void SetNote(RunId id, string note) => _db.Use(c =>
    {
        if (c.Execute("UPDATE runs SET note = $2 WHERE run_id = $1", id, note) == 0) throw RunMissing(id);
    });

    private static MlopsException RunMissing(RunId id) => new(MlopsErrorKind.NotFound, $"run {id} does not exist.");

    private static Dictionary<string, List<T>> ByRun<T>(IEnumerable<(string Run, T Item)> rows) =>
        rows.GroupBy(x => x.Run).ToDictionary(g => g.Key, g => g.Select(x => x.Item).ToList());

    private static RunInfo ReadRun(DbDataReader r) => ReadRun(r, 0);

    private static RunInfo ReadRun(DbDataReader r, int at) => new(
        RunId.Parse(r.GetString(at)), r.GetString(at + 1), r.GetString(at + 2), RunStatusText.Parse(r.GetString(at + 3)),
        r.Utc(at + 4), r.NullableUtc(at + 5), r.NullableString(at + 6) is { } parent ? RunId.Parse(parent) : null, r.NullableString(at + 7), r.NullableString(at + 8))
    {
        DeletedAt = r.NullableUtc(at + 9),
    };

    private static void RequireRunExists(NpgsqlConnection c, RunId id)
    {
        if (!c.Scalar<bool>("SELECT EXISTS (SELECT 1 FROM runs WHERE run_id = $1)", id)) throw RunMissing(id);
    }
}

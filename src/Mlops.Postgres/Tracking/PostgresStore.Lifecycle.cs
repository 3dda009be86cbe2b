namespace Mlops.Postgres;

/// <summary>Deleting and restoring runs and experiments, the lifecycle trail (append-only in the server), and garbage collection.</summary>
public sealed partial class PostgresStore
{
    /// <summary>For tests that kill a collection part-way: called at each stage (purged, inside its transaction; committed, before the vacuum).</summary>
    internal static Action<string>? GcStage { get; set; }

    /// <inheritdoc/>
    public IReadOnlyList<RunId> SetRunsDeleted(IReadOnlyList<RunId> ids, DateTimeOffset? at) => _db.Use(c => ids.Count == 0 ? [] :
        (IReadOnlyList<RunId>)c.Query($"UPDATE runs SET deleted_at = $1 WHERE run_id = ANY($2) AND deleted_at IS {(at is null ? "NOT " : "")}NULL RETURNING run_id",
            r => RunId.Parse(r.GetString(0)), at, ids.Select(id => id.Value).ToArray()));

    /// <inheritdoc/>
    public bool SetExperimentDeleted(string name, DateTimeOffset? at) => _db.Use(c =>
        c.Query($"UPDATE experiments SET deleted_at = $2 WHERE name = $1 AND deleted_at IS {(at is null ? "NOT " : "")}NULL RETURNING name",
            r => r.GetString(0), name, at).Count > 0);

    /// <inheritdoc/>
    public void RenameExperiment(string name, string newName) => _db.Use(c =>
    {
        try
        {
            if (c.Query("UPDATE experiments SET name = $2 WHERE name = $1 RETURNING name", r => r.GetString(0), name, newName).Count == 0)
                throw new MlopsException(MlopsErrorKind.NotFound, $"experiment '{name}' does not exist.");
        }
        catch (Npgsql.PostgresException e) when (e.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation)
        {
            throw new MlopsException(MlopsErrorKind.AlreadyExists, $"experiment '{newName}' exists already; choose another name.", e);
        }
    });

    /// <inheritdoc/>
    /// <remarks>Who is the database role, with the OS user beside it.</remarks>
    public void RecordLifecycle(LifecycleEvent entry) => _db.Use(c => c.Execute(
        "INSERT INTO lifecycle_events (event_at, who, action, kind, target, detail) VALUES ($1, current_user || ' (' || $2 || ')', $3, $4, $5, $6)",
        entry.At, entry.Who, entry.Action, entry.Kind, entry.Target, entry.Detail));

    /// <inheritdoc/>
    public IReadOnlyList<LifecycleEvent> GetLifecycle() => _db.Use(c => c.Query(
        "SELECT event_id, event_at, who, action, kind, target, detail FROM lifecycle_events ORDER BY event_id",
        r => new LifecycleEvent(r.GetInt64(0), r.Utc(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.NullableString(6))));

    /// <inheritdoc/>
    /// <remarks>The server is then vacuumed: freed pages are reused by new rows (plain VACUUM, which blocks no writer).</remarks>
    public GcReport CollectGarbage(DateTimeOffset cutoff, bool dryRun, string who, DateTimeOffset now)
    {
        var before = Bytes();
        var (report, tables) = _db.Use(c => c.InTransaction(() =>
        {
            // sweeps wait for writers recording references, and writers for the sweep (see PgBlobReferences)
            c.Execute("SELECT pg_advisory_xact_lock($1)", PgBlobReferences.LockKey);
            const string candidates = """
                SELECT r.run_id, r.run_key FROM runs r JOIN experiments e USING (experiment_id)
                WHERE (r.deleted_at < $1 OR e.deleted_at < $1)
                """;
            var purge = c.Query($"{candidates} AND r.run_id NOT IN (SELECT run_id FROM model_versions) ORDER BY r.run_id", r => (Id: r.GetString(0), Key: r.GetInt32(1)), cutoff);
            var kept = c.Scalar<long>($"SELECT count(*) FROM ({candidates} AND r.run_id IN (SELECT run_id FROM model_versions)) k", cutoff);
            var (ids, keys) = (purge.Select(p => p.Id).ToArray(), purge.Select(p => p.Key).ToArray());
            var points = c.Scalar<long>("SELECT coalesce(sum(points), 0)::bigint FROM metric_summaries WHERE run_key = ANY($1)", keys);
            var records = c.Scalar<long>("SELECT count(*) FROM artifacts WHERE run_id = ANY($1)", (object)ids);
            var experiments = c.Query("""
                SELECT name FROM experiments e WHERE e.deleted_at < $1
                AND NOT EXISTS (SELECT 1 FROM runs r WHERE r.experiment_id = e.experiment_id AND NOT (r.run_id = ANY($2)))
                ORDER BY name COLLATE "C"
                """, r => r.GetString(0), cutoff, ids);
            if (!dryRun)
            {
                c.Execute("DELETE FROM metrics WHERE run_key = ANY($1)", keys);
                c.Execute("DELETE FROM metric_summaries WHERE run_key = ANY($1)", keys);
                foreach (var table in new[] { "params", "tags", "artifacts", "run_inputs" })
                    c.Execute($"DELETE FROM {table} WHERE run_id = ANY($1)", (object)ids);
                c.Execute("DELETE FROM runs WHERE run_id = ANY($1)", (object)ids);
                c.Execute("DELETE FROM experiments WHERE name = ANY($1)", (object)experiments.ToArray());
                foreach (var (kind, target) in ids.Select(id => ("run", id)).Concat(experiments.Select(name => ("experiment", name))))
                    c.Execute("INSERT INTO lifecycle_events (event_at, who, action, kind, target, detail) VALUES ($1, current_user || ' (' || $2 || ')', 'purge', $3, $4, $5)",
                        now, who, kind, target, $"deleted before {cutoff:yyyy-MM-dd HH:mm}Z");
            }
            var datasets = PurgeDatasetVersions(c, cutoff, ids, dryRun, now, who);
            var blobs = dryRun ? DrySweep(c, ids) : _blobs.Sweep(c, dryRun: false);
            if (!dryRun) GcStage?.Invoke("purged");
            return (new GcReport(ids.Length, experiments.Count, points, (int)records, blobs.Files, blobs.Bytes, (int)kept, 0, 0, dryRun)
                { DatasetVersions = datasets.Versions, DatasetRows = datasets.Rows, KeptDatasetVersions = datasets.Kept }, datasets.Tables);
        }));
        if (!dryRun) GcStage?.Invoke("committed");
        if (!dryRun)
            _db.Use(c => c.Execute($"VACUUM (ANALYZE) metrics, metric_summaries, params, tags, artifacts, run_inputs, runs, experiments, blobs, blob_chunks{string.Concat(tables.Select(t => ", " + t))}"));
        return report with { BytesBefore = before, BytesAfter = dryRun ? before : Bytes() };
    }

    // what a sweep would remove were the purged runs' artifact records gone: delete them in a savepoint, count, roll back
    private (int Files, long Bytes) DrySweep(Npgsql.NpgsqlConnection c, string[] ids)
    {
        c.Execute("SAVEPOINT dry");
        try
        {
            c.Execute("DELETE FROM artifacts WHERE run_id = ANY($1)", (object)ids);
            return _blobs.Sweep(c, dryRun: true);
        }
        finally
        {
            c.Execute("ROLLBACK TO SAVEPOINT dry");
        }
    }

    private long Bytes() => _db.Use(c => c.Scalar<long>("""
        SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relkind = 'r'
        """, PgDatabase.SchemaName)) + _blobs.FolderBytes();
}

using DuckDB.NET.Data;

namespace Mlops.DuckDb;

/// <summary>Deleting and restoring runs and experiments, the lifecycle trail, and garbage collection with compaction.</summary>
public sealed partial class DuckDbStore
{
    /// <summary>For tests that kill a collection part-way: called at each stage (purged, swept, copied, moved).</summary>
    internal static Action<string>? GcStage { get; set; }

    /// <inheritdoc/>
    public IReadOnlyList<RunId> SetRunsDeleted(IReadOnlyList<RunId> ids, DateTimeOffset? at) => Use(c =>
    {
        if (ids.Count == 0) return (IReadOnlyList<RunId>)[];
        var list = string.Join(", ", ids.Select((_, i) => $"${i + 2}"));
        return c.Query($"UPDATE runs SET deleted_at = $1 WHERE run_id IN ({list}) AND deleted_at IS {(at is null ? "NOT " : "")}NULL RETURNING run_id",
            r => RunId.Parse(r.GetString(0)), [at?.UtcDateTime, .. ids.Select(id => (object?)id.Value)]);
    });

    /// <inheritdoc/>
    public bool SetExperimentDeleted(string name, DateTimeOffset? at) => Use(c =>
        c.Query($"UPDATE experiments SET deleted_at = $2 WHERE name = $1 AND deleted_at IS {(at is null ? "NOT " : "")}NULL RETURNING name",
            r => r.GetString(0), name, at?.UtcDateTime).Count > 0);

    /// <inheritdoc/>
    public void RenameExperiment(string name, string newName) => Use(c => c.InTransaction(() =>
    {
        if (c.Scalar<long>("SELECT count(*) FROM experiments WHERE name = $1", newName) > 0)
            throw new MlopsException(MlopsErrorKind.AlreadyExists, $"experiment '{newName}' exists already; choose another name.");
        if (c.Query("UPDATE experiments SET name = $2 WHERE name = $1 RETURNING name", r => r.GetString(0), name, newName).Count == 0)
            throw new MlopsException(MlopsErrorKind.NotFound, $"experiment '{name}' does not exist.");
    }));

    /// <inheritdoc/>
    public void RecordLifecycle(LifecycleEvent entry) => Use(c => c.Execute(
        "INSERT INTO lifecycle_events (event_at, who, action, kind, target, detail) VALUES ($1, $2, $3, $4, $5, $6)",
        entry.At.UtcDateTime, entry.Who, entry.Action, entry.Kind, entry.Target, entry.Detail));

    /// <inheritdoc/>
    public IReadOnlyList<LifecycleEvent> GetLifecycle() => Use(c => c.Query(
        "SELECT event_id, event_at, who, action, kind, target, detail FROM lifecycle_events ORDER BY event_id",
        r => new LifecycleEvent(r.GetInt64(0), r.Utc(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.NullableString(6))));

    /// <inheritdoc/>
    public GcReport CollectGarbage(DateTimeOffset cutoff, bool dryRun, string who, DateTimeOffset now)
    {
        var before = Bytes();
        var (runs, experiments, points, records, kept, blobs, datasets) = Use(c =>
        {
            c.Execute("DROP TABLE IF EXISTS temp.__purge");
            c.Execute("""
                CREATE TEMP TABLE __purge AS
                SELECT r.run_id, r.run_key FROM runs r JOIN experiments e USING (experiment_id)
                WHERE (r.deleted_at < $1 OR e.deleted_at < $1) AND r.run_id NOT IN (SELECT run_id FROM model_versions)
                """, cutoff.UtcDateTime);
            try
            {
                var kept = c.Scalar<long>("""
                    SELECT count(*) FROM runs r JOIN experiments e USING (experiment_id)
                    WHERE (r.deleted_at < $1 OR e.deleted_at < $1) AND r.run_id IN (SELECT run_id FROM model_versions)
                    """, cutoff.UtcDateTime);
                var purged = c.Query("SELECT run_id FROM temp.__purge ORDER BY run_id", r => r.GetString(0));
                var points = c.Scalar<long>("SELECT coalesce(sum(points), 0)::BIGINT FROM metric_summaries WHERE run_key IN (SELECT run_key FROM temp.__purge)");
                var records = c.Scalar<long>("SELECT count(*) FROM artifacts WHERE run_id IN (SELECT run_id FROM temp.__purge)");
                // an experiment deleted before the cutoff goes once no run of it is left
                const string emptied = """
                    SELECT name FROM experiments e WHERE e.deleted_at < $1
                    AND NOT EXISTS (SELECT 1 FROM runs r WHERE r.experiment_id = e.experiment_id AND r.run_id NOT IN (SELECT run_id FROM temp.__purge))
                    ORDER BY name
                    """;
                var experiments = c.Query(emptied, r => r.GetString(0), cutoff.UtcDateTime);
                var datasets = (Versions: 0, Rows: 0L, Kept: 0);
                if (dryRun) datasets = PurgeDatasetVersions(c, cutoff, dryRun, who, now);
                else
                {
                    c.InTransaction(() =>
                    {
                        c.Execute("DELETE FROM metrics WHERE run_key IN (SELECT run_key FROM temp.__purge)");
                        c.Execute("DELETE FROM metric_summaries WHERE run_key IN (SELECT run_key FROM temp.__purge)");
                        foreach (var table in new[] { "params", "tags", "artifacts", "run_inputs" })
                            c.Execute($"DELETE FROM {table} WHERE run_id IN (SELECT run_id FROM temp.__purge)");
                        c.Execute("DELETE FROM runs WHERE run_id IN (SELECT run_id FROM temp.__purge)");
                        foreach (var name in experiments) c.Execute("DELETE FROM experiments WHERE name = $1", name);
                        foreach (var (kind, target) in purged.Select(id => ("run", id)).Concat(experiments.Select(name => ("experiment", name))))
                            c.Execute("INSERT INTO lifecycle_events (event_at, who, action, kind, target, detail) VALUES ($1, $2, 'purge', $3, $4, $5)",
                                now.UtcDateTime, who, kind, target, $"deleted before {cutoff:yyyy-MM-dd HH:mm}Z");
                        datasets = PurgeDatasetVersions(c, cutoff, dryRun, who, now);
                    });
                    GcStage?.Invoke("purged");
                }
                // stored files nothing refers to; a writer that recorded bytes swept meanwhile stores them again (AddArtifact)
                // (after a dry run's purge, which changed nothing: what would be left)
                var referenced = c.Query("""
                    SELECT digest FROM artifacts WHERE run_id NOT IN (SELECT run_id FROM temp.__purge) UNION SELECT digest FROM model_versions
                    """, r => r.GetString(0)).ToHashSet(StringComparer.Ordinal);
                var blobs = _artifacts.Sweep(referenced, dryRun);
                if (!dryRun) GcStage?.Invoke("swept");
                return (purged.Count, experiments.Count, points, (int)records, (int)kept, blobs, datasets);
            }
            finally
            {
                c.Execute("DROP TABLE IF EXISTS temp.__purge");
            }
        });
        if (!dryRun && !_file.InMemory) _file.Rewrite(_options.LockTimeout, GcStage);
        return new GcReport(runs, experiments, points, records, blobs.Files, blobs.Bytes, kept, before, dryRun ? before : Bytes(), dryRun)
            { DatasetVersions = datasets.Versions, DatasetRows = datasets.Rows, KeptDatasetVersions = datasets.Kept };
    }

    private long Bytes() => (_file.InMemory ? 0 : FileBytes(_file.Path) + FileBytes(_file.Path + ".wal")) + _artifacts.TotalBytes();
}

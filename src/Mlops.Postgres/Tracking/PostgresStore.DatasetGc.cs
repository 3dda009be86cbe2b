using Npgsql;
using static Mlops.Postgres.PgDatasetSql;

namespace Mlops.Postgres;

/// <summary>Garbage collection of deleted dataset versions: their rows go, their catalog rows stay (numbers are never reused).</summary>
public sealed partial class PostgresStore
{
    // deleted before the cutoff and not purged yet; held while a remaining run (a model version's run is never purged)
    // used it, or a decision re-scored models on it
    private const string DeletedVersions = """
        SELECT d.dataset_id, d.name, d.table_name, v.version,
               EXISTS (SELECT 1 FROM run_inputs i WHERE i.dataset_id = v.dataset_id AND i.version = v.version AND NOT (i.run_id = ANY($2)))
               OR EXISTS (SELECT 1 FROM model_decisions m WHERE m.dataset = d.name AND m.dataset_version = v.version) AS held
        FROM dataset_versions v JOIN datasets d USING (dataset_id)
        WHERE v.deleted_at < $1 AND v.purged_at IS NULL
        ORDER BY d.name COLLATE "C", v.version
        FOR UPDATE OF v
        """;

    /// <summary>
    /// Purges the deleted versions nothing holds (inside the caller's transaction, beside its purge of the runs
    /// <paramref name="purgedRuns"/>): marks them purged and removes the rows no remaining version contains. A dry run
    /// only counts. Returns the history tables it changed, for the vacuum.
    /// </summary>
    private static (int Versions, long Rows, int Kept, List<string> Tables) PurgeDatasetVersions(NpgsqlConnection c, DateTimeOffset cutoff, string[] purgedRuns,
        bool dryRun, DateTimeOffset now, string who)
    {
        var deleted = c.Query(DeletedVersions, r => (Id: r.GetInt32(0), Name: r.GetString(1), Table: r.GetString(2), Version: r.GetInt32(3), Held: r.GetBoolean(4)),
            cutoff, purgedRuns);
        var purge = deleted.Where(v => !v.Held).ToList();
        var (rows, tables) = (0L, new List<string>());
        foreach (var dataset in purge.GroupBy(v => (v.Id, v.Name, v.Table)))
        {
            var gone = dataset.Select(v => v.Version).ToHashSet();
            var remaining = c.Query("SELECT version FROM dataset_versions WHERE dataset_id = $1 AND purged_at IS NULL ORDER BY version", r => r.GetInt32(0), dataset.Key.Id)
                .Where(v => !gone.Contains(v)).ToList();
            // a row stays while a remaining version lies in its interval
            var unused = remaining.Count == 0 ? "TRUE" : $"NOT ({string.Join(" OR ", remaining.Select(v => $"({Alive(v)})"))})";
            var table = Ident(dataset.Key.Table);
            if (dryRun)
            {
                rows += c.Scalar<long>($"SELECT count(*) FROM {table} WHERE {unused}");
                continue;
            }
            var removed = c.Scalar<long>($"WITH gone AS (DELETE FROM {table} WHERE {unused} RETURNING 1) SELECT count(*) FROM gone");
            rows += removed;
            tables.Add(table);
            foreach (var version in gone)
            {
                c.Execute("UPDATE dataset_versions SET purged_at = $3 WHERE dataset_id = $1 AND version = $2", dataset.Key.Id, version, now);
                c.Execute("INSERT INTO lifecycle_events (event_at, who, action, kind, target, detail) VALUES ($1, current_user || ' (' || $2 || ')', 'purge', 'dataset version', $3, $4)",
                    now, who, $"{dataset.Key.Name}@{version}", $"deleted before {cutoff:yyyy-MM-dd HH:mm}Z; {Wording.Count(removed, "stored row")} of {dataset.Key.Name} removed");
            }
        }
        return (purge.Count, rows, deleted.Count - purge.Count, tables);
    }
}

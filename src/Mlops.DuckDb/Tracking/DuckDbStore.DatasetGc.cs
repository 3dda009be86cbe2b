using DuckDB.NET.Data;
using static Mlops.DuckDb.DatasetSql;

namespace Mlops.DuckDb;

/// <summary>Garbage collection of deleted dataset versions: their rows go, their catalog rows stay (numbers are never reused).</summary>
public sealed partial class DuckDbStore
{
    // deleted before the cutoff and not purged yet; held while a remaining run (a model version's run is never purged)
    // used it, or a decision re-scored models on it
    private const string DeletedVersions = """
        SELECT d.dataset_id, d.name, d.table_name, v.version,
               EXISTS (SELECT 1 FROM run_inputs i WHERE i.dataset_id = v.dataset_id AND i.version = v.version AND i.run_id NOT IN (SELECT run_id FROM temp.__purge))
               OR EXISTS (SELECT 1 FROM model_decisions m WHERE m.dataset = d.name AND m.dataset_version = v.version) AS held
        FROM dataset_versions v JOIN datasets d USING (dataset_id)
        WHERE v.deleted_at < $1 AND v.purged_at IS NULL
        ORDER BY d.name, v.version
        """;

    /// <summary>
    /// Purges the deleted versions nothing holds (inside the caller's transaction, after its runs are purged): marks them
    /// purged and removes the rows no remaining version contains. A dry run only counts.
    /// </summary>
    private static (int Versions, long Rows, int Kept) PurgeDatasetVersions(DuckDBConnection c, DateTimeOffset cutoff, bool dryRun, string who, DateTimeOffset now)
    {
        var deleted = c.Query(DeletedVersions, r => (Id: r.GetInt32(0), Name: r.GetString(1), Table: r.GetString(2), Version: r.GetInt32(3), Held: r.GetBoolean(4)), cutoff.UtcDateTime);
        var purge = deleted.Where(v => !v.Held).ToList();
        var rows = 0L;
        foreach (var dataset in purge.GroupBy(v => (v.Id, v.Name, v.Table)))
        {
            var gone = dataset.Select(v => v.Version).ToHashSet();
            var remaining = c.Query("SELECT version FROM dataset_versions WHERE dataset_id = $1 AND purged_at IS NULL ORDER BY version", r => r.GetInt32(0), dataset.Key.Id)
                .Where(v => !gone.Contains(v)).ToList();
            // a row stays while a remaining version lies in its interval
            var unused = remaining.Count == 0 ? "TRUE" : $"NOT ({string.Join(" OR ", remaining.Select(v => $"({Alive(v)})"))})";
            var counted = c.Scalar<long>($"SELECT count(*) FROM {dataset.Key.Table} WHERE {unused}");
            rows += counted;
            if (dryRun) continue;
            c.Execute($"DELETE FROM {dataset.Key.Table} WHERE {unused}");
            foreach (var version in gone)
            {
                c.Execute("UPDATE dataset_versions SET purged_at = $3 WHERE dataset_id = $1 AND version = $2", dataset.Key.Id, version, now.UtcDateTime);
                c.Execute("INSERT INTO lifecycle_events (event_at, who, action, kind, target, detail) VALUES ($1, $2, 'purge', 'dataset version', $3, $4)",
                    now.UtcDateTime, who, $"{dataset.Key.Name}@{version}", $"deleted before {cutoff:yyyy-MM-dd HH:mm}Z; {Wording.Count(counted, "stored row")} of {dataset.Key.Name} removed");
            }
        }
        return (purge.Count, rows, deleted.Count - purge.Count);
    }
}

using System.Text.Json;
using DuckDB.NET.Data;

namespace Mlops.DuckDb;

/// <summary>Reads the dataset catalog: datasets, their versions with physical layouts, and lineage.</summary>
internal static class DatasetCatalog
{
    public static DatasetRecord? Find(DuckDBConnection c, string name) =>
        c.Query("SELECT dataset_id, name, key_columns, table_name, created_at FROM datasets WHERE name = $1",
            r => new DatasetRecord(r.GetInt32(0), r.GetString(1), JsonSerializer.Deserialize(r.GetString(2), StoreJson.Default.StringArray) ?? [], r.GetString(3), r.Utc(4)),
            name).FirstOrDefault();

    public static List<DatasetRecord> All(DuckDBConnection c) =>
        c.Query("SELECT dataset_id, name, key_columns, table_name, created_at FROM datasets ORDER BY name",
            r => new DatasetRecord(r.GetInt32(0), r.GetString(1), JsonSerializer.Deserialize(r.GetString(2), StoreJson.Default.StringArray) ?? [], r.GetString(3), r.Utc(4)));

    /// <summary>
    /// Every version of a dataset, newest first, with lineage, deleted and purged ones too (marked). Migrations that ran
    /// before schema 8 added the lifecycle columns read them as absent (<paramref name="lifecycle"/> false).
    /// </summary>
    public static List<StoredVersion> Versions(DuckDBConnection c, DatasetRecord dataset, bool lifecycle = true)
    {
        var marks = lifecycle ? "deleted_at, purged_at, key_columns" : "NULL::TIMESTAMP, NULL::TIMESTAMP, NULL::VARCHAR";
        var runs = c.Query("SELECT version, run_id FROM run_inputs WHERE dataset_id = $1 GROUP BY ALL ORDER BY min(used_at)",
                r => (Version: r.GetInt32(0), Run: RunId.Parse(r.GetString(1))), dataset.Id)
            .GroupBy(x => x.Version).ToDictionary(g => g.Key, g => (IReadOnlyList<RunId>)g.Select(x => x.Run).Distinct().ToList());
        return c.Query($"""
            SELECT version, digest, schema, row_count, added, removed, changed, message, author, created_at, source, source_fingerprint, {marks}
            FROM dataset_versions WHERE dataset_id = $1 ORDER BY version DESC
            """, r =>
        {
            var columns = JsonSerializer.Deserialize(r.GetString(2), StoreJson.Default.StoredColumnArray) ?? [];
            var number = r.GetInt32(0);
            var version = new DatasetVersion(dataset.Name, number, r.GetString(1), columns.Select(x => new TableColumn(x.Name, x.Type)).ToList(),
                r.GetInt64(3), r.GetInt64(4), r.GetInt64(5), r.IsDBNull(6) ? null : r.GetInt64(6), r.NullableString(7), r.GetString(8), r.Utc(9),
                r.GetString(10), runs.GetValueOrDefault(number) ?? []) 
            {
                DeletedAt = r.IsDBNull(12) ? null : r.Utc(12),
                PurgedAt = r.IsDBNull(13) ? null : r.Utc(13),
                Key = r.IsDBNull(14) ? null : JsonSerializer.Deserialize(r.GetString(14), StoreJson.Default.StringArray),
            };
            return new StoredVersion(dataset, version, columns, r.NullableString(11));
        }, dataset.Id);
    }

    /// <summary>A new dataset: its catalog row and its empty history table (in the caller's transaction).</summary>
    public static DatasetRecord Create(DuckDBConnection c, string name, IReadOnlyList<string> key, DateTimeOffset at)
    {
        var id = c.Scalar<int>("SELECT nextval('dataset_ids')");
        var dataset = new DatasetRecord(id, name, key, $"ds_{id}", at);
        c.Execute("INSERT INTO datasets VALUES ($1, $2, $3, $4, $5)", id, name, JsonSerializer.Serialize(key.ToArray(), StoreJson.Default.StringArray), dataset.Table, at);
        c.Execute($"CREATE TABLE {dataset.Table} (__from INTEGER NOT NULL, __to INTEGER)");
        return dataset;
    }

    /// <summary>Records that a run used a version, once per run, version and kind of use.</summary>
    public static void RecordUse(DuckDBConnection c, RunId run, int dataset, int version, DatasetUse use, DateTimeOffset at) => c.Execute("""
        INSERT INTO run_inputs SELECT $1, $2, $3, $4, $5
        WHERE NOT EXISTS (SELECT 1 FROM run_inputs WHERE run_id = $1 AND dataset_id = $2 AND version = $3 AND kind = $4)
        """, run, dataset, version, use.ToString().ToLowerInvariant(), at);

    /// <summary>The physical layout behind a version already resolved: one query (the version's lineage is not read again).</summary>
    public static StoredVersion Stored(DuckDBConnection c, DatasetVersion version)
    {
        var stored = c.Query("""
            SELECT d.dataset_id, d.name, d.key_columns, d.table_name, d.created_at, v.schema, v.source_fingerprint
            FROM datasets d JOIN dataset_versions v USING (dataset_id) WHERE d.name = $1 AND v.version = $2
            """, r => new StoredVersion(
                new DatasetRecord(r.GetInt32(0), r.GetString(1), JsonSerializer.Deserialize(r.GetString(2), StoreJson.Default.StringArray) ?? [], r.GetString(3), r.Utc(4)),
                version, JsonSerializer.Deserialize(r.GetString(5), StoreJson.Default.StoredColumnArray) ?? [], r.NullableString(6)),
            version.Dataset, version.Number).FirstOrDefault();
        if (stored is not null) return stored;
        throw Find(c, version.Dataset) is null
            ? new MlopsException(MlopsErrorKind.NotFound, $"dataset '{version.Dataset}' does not exist.")
            : new MlopsException(MlopsErrorKind.NotFound, $"{version.Label} does not exist.");
    }
}

using System.Text.Json;
using Npgsql;

namespace Mlops.Postgres;

/// <summary>Reads the dataset catalog: datasets, their versions with physical layouts, and lineage.</summary>
internal static class PgDatasetCatalog
{
    private const string DatasetColumns = "dataset_id, name, key_columns, table_name, created_at";

    public static PgDatasetRecord? Find(NpgsqlConnection c, string name, bool forUpdate = false) =>
        c.Query($"SELECT {DatasetColumns} FROM datasets WHERE name = $1{(forUpdate ? " FOR UPDATE" : "")}", Record, name).FirstOrDefault();

    public static List<PgDatasetRecord> All(NpgsqlConnection c) =>
        c.Query($"SELECT {DatasetColumns} FROM datasets ORDER BY name COLLATE \"C\"", Record);

    /// <summary>Every version of a dataset, newest first, with lineage, deleted and purged ones too (marked).</summary>
    public static List<PgStoredVersion> Versions(NpgsqlConnection c, PgDatasetRecord dataset)
    {
        var runs = c.Query("SELECT version, run_id, min(used_at) FROM run_inputs WHERE dataset_id = $1 GROUP BY version, run_id ORDER BY min(used_at)",
                r => (Version: r.GetInt32(0), Run: RunId.Parse(r.GetString(1))), dataset.Id)
            .GroupBy(x => x.Version).ToDictionary(g => g.Key, g => (IReadOnlyList<RunId>)g.Select(x => x.Run).Distinct().ToList());
        return c.Query("""
            SELECT version, digest, schema, row_count, added, removed, changed, message, author, created_at, source, source_fingerprint, deleted_at, purged_at, key_columns
            FROM dataset_versions WHERE dataset_id = $1 ORDER BY version DESC
            """, r =>
        {
            var columns = Columns(r.GetString(2));
            var number = r.GetInt32(0);
            var version = new DatasetVersion(dataset.Name, number, r.GetString(1), columns.Select(x => new TableColumn(x.Name, x.Type)).ToList(),
                r.GetInt64(3), r.GetInt64(4), r.GetInt64(5), r.IsDBNull(6) ? null : r.GetInt64(6), r.NullableString(7), r.GetString(8), r.Utc(9),
                r.GetString(10), runs.GetValueOrDefault(number) ?? []) 
            {
                DeletedAt = r.IsDBNull(12) ? null : r.Utc(12),
                PurgedAt = r.IsDBNull(13) ? null : r.Utc(13),
                Key = r.IsDBNull(14) ? null : JsonSerializer.Deserialize(r.GetString(14), PgJson.Default.StringArray),
            };
            return new PgStoredVersion(dataset, version, columns, r.NullableString(11));
        }, dataset.Id);
    }

    /// <summary>A new dataset: its catalog row and its history table, with no key yet (in the caller's transaction).</summary>
    public static PgDatasetRecord Create(NpgsqlConnection c, string name, IReadOnlyList<string> key, DateTimeOffset at)
    {
        var id = c.Scalar<int>("INSERT INTO datasets (name, key_columns, table_name, created_at) VALUES ($1, $2, '', $3) RETURNING dataset_id",
            name, JsonSerializer.Serialize(key.ToArray(), PgJson.Default.StringArray), at);
        var dataset = new PgDatasetRecord(id, name, key, $"ds_{id}", at);
        c.Execute("UPDATE datasets SET table_name = $2 WHERE dataset_id = $1", id, dataset.Table);
        c.Execute($"CREATE TABLE {PgDatasetSql.Ident(dataset.Table)} (__rid bigint GENERATED ALWAYS AS IDENTITY, __from integer NOT NULL, __to integer, __h uuid NOT NULL)");
        return dataset;
    }

    /// <summary>Records that a run used a version, once per run, version and kind of use.</summary>
    public static void RecordUse(NpgsqlConnection c, RunId run, int dataset, int version, DatasetUse use, DateTimeOffset at) => c.Execute(
        "INSERT INTO run_inputs VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING", run, dataset, version, use.ToString().ToLowerInvariant(), at);

    /// <summary>The physical layout behind a version already resolved.</summary>
    public static PgStoredVersion Stored(NpgsqlConnection c, DatasetVersion version)
    {
        var stored = c.Query("""
            SELECT d.dataset_id, d.name, d.key_columns, d.table_name, d.created_at, v.schema, v.source_fingerprint
            FROM datasets d JOIN dataset_versions v USING (dataset_id) WHERE d.name = $1 AND v.version = $2
            """, r => new PgStoredVersion(Record(r), version, Columns(r.GetString(5)), r.NullableString(6)), version.Dataset, version.Number).FirstOrDefault();
        if (stored is not null) return stored;
        throw Find(c, version.Dataset) is null
            ? new MlopsException(MlopsErrorKind.NotFound, $"dataset '{version.Dataset}' does not exist.")
            : new MlopsException(MlopsErrorKind.NotFound, $"{version.Label} does not exist.");
    }

    public static string ColumnsJson(IEnumerable<PgStoredColumn> columns) =>
        JsonSerializer.Serialize(columns.Select(c => new StoredColumnJson(c.Name, c.Type, c.Physical)).ToArray(), PgJson.Default.StoredColumnJsonArray);

    private static List<PgStoredColumn> Columns(string json) =>
        (JsonSerializer.Deserialize(json, PgJson.Default.StoredColumnJsonArray) ?? []).Select(c => new PgStoredColumn(c.Name, c.Type, c.Physical)).ToList();

    private static PgDatasetRecord Record(System.Data.Common.DbDataReader r) =>
        new(r.GetInt32(0), r.GetString(1), JsonSerializer.Deserialize(r.GetString(2), PgJson.Default.StringArray) ?? [], r.GetString(3), r.Utc(4));
}

/// <summary>A stored column as JSON, in the same shape as the embedded store's (Name, Type, Physical).</summary>
internal sealed record StoredColumnJson(string Name, string Type, string Physical);

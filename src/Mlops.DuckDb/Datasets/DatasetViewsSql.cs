using DuckDB.NET.Data;
using static Mlops.DuckDb.DatasetSql;

namespace Mlops.DuckDb;

/// <summary>
/// Views that let any DuckDB client read the store's datasets without knowing its layout: in schema <c>datasets</c>,
/// <c>"name@3"</c> is version 3 and <c>"name"</c> the latest, each with its real column names and types, and
/// <c>versions</c> lists every version with its digest. The store keeps them current in each commit's transaction.
/// </summary>
internal static class DatasetViewsSql
{
    public const string Schema = "datasets";

    public const string CreateSql = $"""
        CREATE SCHEMA IF NOT EXISTS {Schema};
        CREATE OR REPLACE VIEW {Schema}.versions AS
            SELECT d.name AS dataset, v.version, v.digest, v.row_count AS "rows", v.message, v.author, v.created_at, v.source
            FROM main.datasets d JOIN main.dataset_versions v USING (dataset_id);
        """;

    /// <summary>The view of one version, and the dataset's latest view pointed at it when it is the newest.</summary>
    public static void Create(DuckDBConnection c, string dataset, string table, int version, IEnumerable<StoredColumn> columns, bool latest)
    {
        var select = $"SELECT {string.Join(", ", columns.Select(col => $"{Ident(col.Physical)} AS {Ident(col.Name)}"))} FROM main.{table} WHERE {Alive(version)}";
        c.Execute($"CREATE OR REPLACE VIEW {Schema}.{Ident($"{dataset}@{version}")} AS {select}");
        if (latest) c.Execute($"CREATE OR REPLACE VIEW {Schema}.{Ident(dataset)} AS {select}");
    }

    /// <summary>Schema 8: <c>versions</c> lists the versions that are not deleted.</summary>
    public const string LifecycleSql = $"""
        CREATE OR REPLACE VIEW {Schema}.versions AS
            SELECT d.name AS dataset, v.version, v.digest, v.row_count AS "rows", v.message, v.author, v.created_at, v.source
            FROM main.datasets d JOIN main.dataset_versions v USING (dataset_id) WHERE v.deleted_at IS NULL;
        """;

    /// <summary>Schema 6: the views of every version already stored.</summary>
    public static void CreateAll(DuckDBConnection c, DateTimeOffset now)
    {
        foreach (var dataset in DatasetCatalog.All(c))
        {
            var versions = DatasetCatalog.Versions(c, dataset, lifecycle: false);
            foreach (var v in versions) Create(c, dataset.Name, dataset.Table, v.Number, v.Columns, v == versions[0]);
        }
    }

    /// <summary>
    /// After a version is deleted or restored: a view for each version that is not deleted, none for one that is, and the
    /// dataset's latest view on its newest version that is not deleted (none when every version is).
    /// </summary>
    public static void Refresh(DuckDBConnection c, DatasetRecord dataset)
    {
        var versions = DatasetCatalog.Versions(c, dataset);
        var latest = versions.FirstOrDefault(v => v.Version is { DeletedAt: null, PurgedAt: null });
        foreach (var v in versions)
        {
            if (v.Version is { DeletedAt: null, PurgedAt: null }) Create(c, dataset.Name, dataset.Table, v.Number, v.Columns, v == latest);
            else c.Execute($"DROP VIEW IF EXISTS {Schema}.{Ident($"{dataset.Name}@{v.Number}")}");
        }
        if (latest is null) c.Execute($"DROP VIEW IF EXISTS {Schema}.{Ident(dataset.Name)}");
    }
}

using DuckDB.NET.Data;
using static Mlops.DuckDb.DatasetSql;

namespace Mlops.DuckDb;

/// <summary>Checks on staged content that must pass before anything is written.</summary>
internal static class DatasetChecks
{
    /// <summary>The key columns exist, hold no NULLs, and identify each row once.</summary>
    public static void Key(DuckDBConnection c, IReadOnlyList<string> key, IReadOnlyList<TableColumn> columns, string source, string table = DatasetStaging.Table)
    {
        if (key.Count == 0) return;
        var names = columns.Select(col => col.Name).ToHashSet();
        var missing = key.FirstOrDefault(k => !names.Contains(k));
        if (missing is not null)
            throw new MlopsException(MlopsErrorKind.InvalidArgument, $"key column '{missing}' is not in {source}; its columns are: {string.Join(", ", names)}.");
        var list = string.Join(", ", key.Select(Ident));
        var nulls = c.Scalar<long>($"SELECT count(*) FROM {table} WHERE {string.Join(" OR ", key.Select(k => $"{Ident(k)} IS NULL"))}");
        if (nulls > 0)
            throw new MlopsException(MlopsErrorKind.InvalidArgument, $"the key ({string.Join(", ", key)}) is empty in {nulls:N0} rows of {source}; a key must identify every row.");
        var duplicates = c.Query($"""
            SELECT {string.Join(" || ', ' || ", key.Select(k => $"'{k.Replace("'", "''")}=' || {Ident(k)}::VARCHAR"))}, count(*) AS n, count(*) OVER () AS keys
            FROM {table} GROUP BY {list} HAVING count(*) > 1 ORDER BY n DESC, 1 LIMIT 5
            """, r => (Key: r.GetString(0), Count: r.GetInt64(1), Keys: r.GetInt64(2)));
        if (duplicates.Count > 0)
            throw new MlopsException(MlopsErrorKind.InvalidArgument,
                $"the key ({string.Join(", ", key)}) is not unique in {source}: {duplicates[0].Keys:N0} key values occur more than once, e.g. "
                + string.Join("; ", duplicates.Select(d => $"{d.Key} ({d.Count} rows)")) + ". Choose columns that identify each row, or remove the duplicates.");
    }
}

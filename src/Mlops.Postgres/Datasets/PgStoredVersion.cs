namespace Mlops.Postgres;

/// <summary>A version's column: its logical name and type, and the physical column of the history table holding it.</summary>
internal sealed record PgStoredColumn(string Name, string Type, string Physical);

/// <summary>A dataset's row in the catalog.</summary>
internal sealed record PgDatasetRecord(int Id, string Name, IReadOnlyList<string> Key, string Table, DateTimeOffset CreatedAt);

/// <summary>A version with the physical layout behind it.</summary>
internal sealed record PgStoredVersion(PgDatasetRecord Dataset, DatasetVersion Version, IReadOnlyList<PgStoredColumn> Columns, string? SourceFingerprint)
{
    public int Number => Version.Number;

    public PgStoredColumn? Column(string name) => Columns.FirstOrDefault(c => c.Name == name);

    /// <summary>The logical columns by name with their types: rows hashed under one signature compare by their stored hashes.</summary>
    public string Signature => PgDatasetSql.Signature(Columns.Select(c => new TableColumn(c.Name, c.Type)));
}

namespace Mlops.DuckDb;

/// <summary>A version's column: its logical name and type, and the physical column of the history table holding it.</summary>
internal sealed record StoredColumn(string Name, string Type, string Physical);

/// <summary>A dataset's row in the catalog.</summary>
internal sealed record DatasetRecord(int Id, string Name, IReadOnlyList<string> Key, string Table, DateTimeOffset CreatedAt);

/// <summary>A version with the physical layout behind it.</summary>
internal sealed record StoredVersion(DatasetRecord Dataset, DatasetVersion Version, IReadOnlyList<StoredColumn> Columns, string? SourceFingerprint)
{
    public int Number => Version.Number;

    public StoredColumn? Column(string name) => Columns.FirstOrDefault(c => c.Name == name);
}

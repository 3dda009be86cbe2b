namespace Mlops;

/// <summary>
/// What changed between two versions. Keyed (rows matched on key columns): added, removed and changed rows with
/// per-column counts of changed cells. Unkeyed: rows added and removed as a multiset. Sampled added rows follow
/// <see cref="To"/>'s columns, sampled removed rows <see cref="From"/>'s.
/// </summary>
public sealed record DatasetDiff(
    DatasetVersion From,
    DatasetVersion To,
    IReadOnlyList<string> Key,
    long Added,
    long Removed,
    long Changed,
    long Unchanged,
    IReadOnlyList<SchemaChange> SchemaChanges,
    IReadOnlyDictionary<string, long> ChangedCells,
    IReadOnlyList<CellChange> SampleCells,
    IReadOnlyList<IReadOnlyList<object?>> SampleAdded,
    IReadOnlyList<IReadOnlyList<object?>> SampleRemoved)
{
    /// <summary>Whether rows were matched on a key.</summary>
    public bool Keyed => Key.Count > 0;
}

/// <summary>A column that was added, dropped, retyped or renamed between two versions.</summary>
public sealed record SchemaChange(string Column, SchemaChangeKind Kind, string? OldType, string? NewType, string? OldName = null);

/// <summary>Kinds of schema change.</summary>
public enum SchemaChangeKind
{
    /// <summary>The column is new.</summary>
    Added,
    /// <summary>The column is gone.</summary>
    Dropped,
    /// <summary>The column's type changed.</summary>
    Retyped,
    /// <summary>The column was renamed (declared at commit, or the same values under a new name).</summary>
    Renamed,
}

/// <summary>One changed cell: the row's key, the column, the old and the new value.</summary>
public sealed record CellChange(string Key, string Column, object? Old, object? New);

namespace Mlops;

/// <summary>
/// How the columns changed between two versions, the rule every engine applies: a column of the new version kept in the
/// physical column another name held (a declared rename) was renamed; a name only in the new version was added, only in
/// the old one dropped; a name in both with another type was retyped (compared as engine-neutral types).
/// </summary>
public static class DatasetSchemaChanges
{
    /// <summary>The changes from <paramref name="from"/> to <paramref name="to"/>, each column given as its name, type and physical column.</summary>
    public static List<SchemaChange> Between(IReadOnlyList<(string Name, string Type, string Physical)> from, IReadOnlyList<(string Name, string Type, string Physical)> to)
    {
        var before = from.ToDictionary(c => c.Name);
        var after = to.Select(c => c.Name).ToHashSet();
        var changes = new List<SchemaChange>();
        foreach (var column in to)
        {
            var renamedFrom = before.ContainsKey(column.Name) ? null : from.Where(f => f.Physical == column.Physical && !after.Contains(f.Name)).Select(f => f.Name).FirstOrDefault();
            if (renamedFrom is not null) changes.Add(new SchemaChange(column.Name, SchemaChangeKind.Renamed, before[renamedFrom].Type, column.Type, renamedFrom));
            else if (!before.TryGetValue(column.Name, out var old)) changes.Add(new SchemaChange(column.Name, SchemaChangeKind.Added, null, column.Type));
            else if (old.Type != column.Type) changes.Add(new SchemaChange(column.Name, SchemaChangeKind.Retyped, old.Type, column.Type));
        }
        foreach (var column in from.Where(f => !after.Contains(f.Name) && !changes.Any(ch => ch.OldName == f.Name)))
            changes.Add(new SchemaChange(column.Name, SchemaChangeKind.Dropped, column.Type, null));
        return changes;
    }
}

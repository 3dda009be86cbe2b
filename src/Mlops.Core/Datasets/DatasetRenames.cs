namespace Mlops;

/// <summary>The check every engine makes of a commit's declared renames before anything is written.</summary>
public static class DatasetRenames
{
    /// <summary>Each rename maps a column of the latest version to a column of the new content that did not exist before.</summary>
    /// <exception cref="MlopsException">InvalidArgument naming the rename and what is wrong with it.</exception>
    public static void Check(IReadOnlyDictionary<string, string> renames, DatasetVersion? latest, IReadOnlyList<TableColumn> columns)
    {
        if (renames.Count == 0) return;
        if (latest is null) throw new MlopsException(MlopsErrorKind.InvalidArgument, "--rename applies to a later version; this is the dataset's first.");
        var before = latest.Columns.Select(col => col.Name).ToHashSet();
        var now = columns.Select(col => col.Name).ToHashSet();
        foreach (var (old, @new) in renames)
        {
            if (!before.Contains(old))
                throw new MlopsException(MlopsErrorKind.InvalidArgument, $"--rename {old}={@new}: {latest.Label} has no column '{old}' (it has {string.Join(", ", latest.Columns.Select(col => col.Name))}).");
            if (!now.Contains(@new))
                throw new MlopsException(MlopsErrorKind.InvalidArgument, $"--rename {old}={@new}: the new content has no column '{@new}'.");
            if (now.Contains(old) || before.Contains(@new))
                throw new MlopsException(MlopsErrorKind.InvalidArgument, $"--rename {old}={@new}: both names are columns of one of the versions, so it is not a rename.");
        }
    }

    /// <summary>
    /// The renames between two versions' layouts (each column's name and the physical column holding it), old name to
    /// new: a column of the later version kept in the physical column that held another name, no longer present, before.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Between(IEnumerable<(string Name, string Physical)> from, IEnumerable<(string Name, string Physical)> to)
    {
        var after = to.ToList();
        var names = after.Select(col => col.Name).ToHashSet();
        var before = from.Where(col => !names.Contains(col.Name)).ToDictionary(col => col.Physical, col => col.Name);
        return after.Where(col => before.ContainsKey(col.Physical) && before[col.Physical] != col.Name).ToDictionary(col => before[col.Physical], col => col.Name);
    }
}

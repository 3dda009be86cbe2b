using System.Data.Common;
using System.Globalization;

namespace Mlops.Cli.Terminal;

/// <summary>Datasets as plain text.</summary>
internal static class DatasetText
{
    public static void Log(TextWriter output, IReadOnlyList<DatasetVersion> versions, IReadOnlyList<string> key)
    {
        output.WriteLine($"{versions[0].Dataset}: {versions.Count} version(s), {(key.Count == 0 ? "no key" : $"key ({string.Join(", ", key)})")}");
        // a state column only when deleted versions are shown
        var states = versions.Any(v => v.DeletedAt is not null);
        TextTable.Write(output, ["v", "digest", "rows", "cols", "changes", "message", "author", "time", "runs", .. states ? new[] { "state" } : []], versions.Select(v => (IReadOnlyList<string>)
        [
            v.Number.ToString(CultureInfo.InvariantCulture), v.ShortDigest, v.Rows.ToString("N0", CultureInfo.InvariantCulture), v.Columns.Count.ToString(CultureInfo.InvariantCulture),
            $"+{v.Added} -{v.Removed}" + (v.Changed is { } c ? $" ~{c}" : ""), v.Message ?? "", v.Author, Text.Time(v.CreatedAt), string.Join(" ", v.Runs.Select(r => r.Short)),
            .. states ? new[] { State(v) } : [],
        ]), new HashSet<int> { 0, 2, 3 });
    }

    /// <summary>"deleted 2026-06-01 09:00", "purged 2026-06-20 09:00", or empty for a version that is not deleted.</summary>
    public static string State(DatasetVersion v) => v switch
    {
        { PurgedAt: { } at } => $"purged {Text.Time(at)}",
        { DeletedAt: { } at } => $"deleted {Text.Time(at)}",
        _ => "",
    };

    public static void Diff(TextWriter output, DatasetDiff diff)
    {
        output.WriteLine($"{diff.From.Label} -> {diff.To.Label} " + (diff.Keyed ? $"by key ({string.Join(", ", diff.Key)})" : "(whole rows)"));
        output.WriteLine($"+{diff.Added} added, -{diff.Removed} removed" + (diff.Keyed ? $", ~{diff.Changed} changed" : "") + $", {diff.Unchanged} unchanged");
        foreach (var change in diff.SchemaChanges)
            output.WriteLine($"schema: {change.Column} {change.Kind.ToString().ToLowerInvariant()}" + (change.OldName is { } old ? $" from {old}" : "")
                             + $" ({change.OldType ?? "-"} -> {change.NewType ?? "-"})");
        if (diff.ChangedCells.Count > 0)
        {
            output.WriteLine();
            TextTable.Write(output, ["column", "changed cells"], diff.ChangedCells.OrderByDescending(c => c.Value).Select(c => (IReadOnlyList<string>)[c.Key, c.Value.ToString(CultureInfo.InvariantCulture)]), new HashSet<int> { 1 });
        }
        if (diff.SampleCells.Count > 0)
        {
            output.WriteLine();
            TextTable.Write(output, ["row", "column", "old", "new"], diff.SampleCells.Select(c => (IReadOnlyList<string>)[c.Key, c.Column, Value(c.Old), Value(c.New)]));
        }
    }

    public static void Profile(TextWriter output, DatasetProfile profile)
    {
        output.WriteLine($"{profile.Version.Label}: {profile.Version.Rows:N0} rows");
        TextTable.Write(output, ["column", "type", "nulls", "distinct", "min", "max", "mean", "std", "top"], profile.Columns.Select(c => (IReadOnlyList<string>)
        [
            c.Name, c.Type, c.Nulls.ToString(CultureInfo.InvariantCulture), c.Distinct.ToString(CultureInfo.InvariantCulture), c.Min ?? "", c.Max ?? "",
            c.Mean is { } m ? Text.Number(m) : "", c.Std is { } s ? Text.Number(s) : "", string.Join(", ", c.Top.Take(3).Select(t => $"{t.Value} ({t.Count})")),
        ]), new HashSet<int> { 2, 3, 6, 7 });
    }

    public static void Drift(TextWriter output, DatasetDrift drift)
    {
        output.WriteLine($"{drift.Current.Label} against {drift.Reference.Label}: {drift.Columns.Count(c => c.Level != DriftLevel.None)} of {drift.Columns.Count} columns drifted");
        TextTable.Write(output, ["column", "type", "psi", "ks", "ks p-value", "level"], drift.Columns.Select(c => (IReadOnlyList<string>)
        [
            c.Name, c.Type, c.Psi.ToString("0.####", CultureInfo.InvariantCulture), c.Ks?.ToString("0.####", CultureInfo.InvariantCulture) ?? "",
            (c.KsPValue is { } p ? Wording.PValue(p) : ""), c.Level.ToString().ToLowerInvariant(),
        ]), new HashSet<int> { 2, 3, 4 });
    }

    /// <summary>Rows of a reader as a table (at most <paramref name="limit"/>), or as CSV.</summary>
    public static long Rows(TextWriter output, DbDataReader reader, bool csv)
    {
        var names = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
        var rows = new List<IReadOnlyList<string>>();
        long count = 0;
        if (csv) output.WriteLine(string.Join(",", names.Select(Csv)));
        while (reader.Read())
        {
            var values = Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "" : Value(reader.GetValue(i))).ToList();
            count++;
            if (csv) output.WriteLine(string.Join(",", values.Select(Csv)));
            else rows.Add(values);
        }
        if (!csv) TextTable.Write(output, names, rows);
        return count;
    }

    private static string Value(object? value) => value switch
    {
        null => "",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        DateTime t => t.ToString(t.TimeOfDay == TimeSpan.Zero ? "yyyy-MM-dd" : "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    private static string Csv(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
}

namespace Mlops.Charts;

/// <summary>A diff: counts, schema changes, changed cells per column (chart), and samples with old → new highlighted.</summary>
public static class DatasetDiffView
{
    /// <summary>The diff as HTML; charts are drawn in <paramref name="charts"/>.</summary>
    public static string Render(DatasetDiff diff, ChartContext charts)
    {
        var title = $"{Html.E(diff.From.Label)} → {Html.E(diff.To.Label)}"
                    + (diff.Keyed ? $" <span class=\"muted\">by key ({Html.E(string.Join(", ", diff.Key))})</span>" : " <span class=\"muted\">(no key: whole rows)</span>");
        var counts = $"<p><span class=\"added\">+{diff.Added:N0} added</span>, <span class=\"removed\">-{diff.Removed:N0} removed</span>"
                     + (diff.Keyed ? $", ~{diff.Changed:N0} changed" : "") + $", {diff.Unchanged:N0} unchanged.</p>";
        var parts = new List<string> { $"<h3>{title}</h3>", counts };
        if (diff.SchemaChanges.Count > 0)
            parts.Add("<h4>Schema</h4>" + Html.Table(["column", "change", "from", "to"], diff.SchemaChanges.Select(s => (IReadOnlyList<string>)
                [Html.E(s.Column), Html.E(s.Kind.ToString().ToLowerInvariant() + (s.OldName is { } old ? $" from {old}" : "")), $"<code>{Html.E(s.OldType)}</code>", $"<code>{Html.E(s.NewType)}</code>"])));
        if (diff.ChangedCells.Count > 0)
        {
            var ordered = diff.ChangedCells.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).ToList();
            parts.Add("<h4>Changed cells per column</h4>" + Html.Table(["column", "changed cells"], ordered.Select(c => (IReadOnlyList<string>)[Html.E(c.Key), c.Value.ToString("N0")]), new HashSet<int> { 1 })
                      + charts.Render([new BarChart("Changed cells per column", ordered.Select(c => c.Key).ToList(), [new ChartSeries("changed cells", ordered.Select(c => (double)c.Value).ToList())], YTitle: "cells")]));
        }
        if (diff.SampleCells.Count > 0)
            parts.Add($"<h4>Changed cells (first {diff.SampleCells.Count})</h4>" + Html.Table(["row", "column", "old → new"], diff.SampleCells.Select(c => (IReadOnlyList<string>)
                [$"<code>{Html.E(c.Key)}</code>", Html.E(c.Column), $"<span class=\"old\">{Html.Value(c.Old)}</span> → <span class=\"new\">{Html.Value(c.New)}</span>"])));
        if (diff.SampleAdded.Count > 0) parts.Add(Rows("Added rows", diff.To.Columns, diff.SampleAdded, diff.Added));
        if (diff.SampleRemoved.Count > 0) parts.Add(Rows("Removed rows", diff.From.Columns, diff.SampleRemoved, diff.Removed));
        return Html.Wrap($"<div class=\"card\">{string.Concat(parts)}</div>");
    }

    private static string Rows(string title, IReadOnlyList<TableColumn> columns, IReadOnlyList<IReadOnlyList<object?>> rows, long total) =>
        $"<h4>{title} <span class=\"muted\">({rows.Count} of {total:N0})</span></h4>"
        + Html.Table(columns.Select(c => c.Name).ToList(), rows.Select(r => (IReadOnlyList<string>)r.Select(Html.Value).ToList()));
}

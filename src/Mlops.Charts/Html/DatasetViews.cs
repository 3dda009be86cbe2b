namespace Mlops.Charts;

/// <summary>HTML views of datasets: list, log, one version, a commit's outcome.</summary>
public static class DatasetViews
{
    /// <summary>All datasets with their latest version.</summary>
    public static string List(IReadOnlyList<DatasetSummary> datasets)
    {
        if (datasets.Count == 0) return Html.Wrap("<p class=\"muted\">No datasets yet: #!dataset commit &lt;name&gt; --from &lt;file or variable&gt;.</p>");
        return Html.Wrap("<h3>Datasets</h3>" + Html.Table(["dataset", "versions", "latest", "rows", "columns", "key", "updated"],
            datasets.Select(d => (IReadOnlyList<string>)[Html.E(d.Name), d.Versions.ToString(), $"<code>{d.Latest.ShortDigest}</code>",
                d.Latest.Rows.ToString("N0"), d.Latest.Columns.Count.ToString(), Html.E(string.Join(", ", d.Key)), Html.Time(d.Latest.CreatedAt)]),
            new HashSet<int> { 1, 3, 4 }));
    }

    /// <summary>Every version of a dataset, newest first, with change counts and the runs that used it.</summary>
    public static string Log(IReadOnlyList<DatasetVersion> versions, IReadOnlyList<string> key)
    {
        var name = versions[0].Dataset;
        // a state column only when deleted versions are shown
        var states = versions.Any(v => v.DeletedAt is not null);
        var rows = versions.Select(v => (IReadOnlyList<string>)
        [
            $"<b>{v.Number}</b>", $"<code title=\"{v.Digest}\">{v.ShortDigest}</code>", v.Rows.ToString("N0"), v.Columns.Count.ToString(), Changes(v),
            Html.E(v.Message), Html.E(v.Author), Html.Time(v.CreatedAt), Html.E(v.Source),
            string.Join(" ", v.Runs.Select(Html.RunIdCell)),
            .. states ? new[] { v.PurgedAt is { } purged ? $"purged {Html.Time(purged)}" : v.DeletedAt is { } deleted ? $"deleted {Html.Time(deleted)}" : "" } : [],
        ]);
        var keyText = key.Count == 0 ? "no key (diffs compare whole rows)" : $"key ({Html.E(string.Join(", ", key))})";
        return Html.Wrap($"<h3>{Html.E(name)} <span class=\"muted\">{versions.Count} version(s), {keyText}</span></h3>"
            + Html.Table(["v", "digest", "rows", "cols", "changes", "message", "author", "time", "source", "runs", .. states ? new[] { "state" } : []], rows, new HashSet<int> { 2, 3 }));
    }

    /// <summary>The outcome of a commit: a new version and its changes, or the version the content already is.</summary>
    public static string Committed(DatasetCommitResult result)
    {
        var v = result.Version;
        if (result.IsEarlierVersion)
            return Html.Wrap($"<p>Unchanged: this content is <b>{Html.E(v.Label)}</b> <code>{v.ShortDigest}</code>, an earlier version; the latest is still " +
                             $"<b>{Html.E(v.Dataset)}@{result.Latest}</b>. Nothing was stored. To make this content the latest again, commit it with --rollback.</p>");
        return Html.Wrap(result.Unchanged
            ? $"<p>Unchanged: the content is still <b>{Html.E(v.Label)}</b> <code>{v.ShortDigest}</code>; nothing was stored.</p>"
            : $"<p>Committed <b>{Html.E(v.Label)}</b> <code>{v.ShortDigest}</code>: {v.Rows:N0} rows, {v.Columns.Count} columns; "
              + (v.Number == 1 ? "the dataset's first version.</p>" : $"{Changes(v)} since version {v.Number - 1}"
                 + (result.Restores is { } restored ? $"; it restores the content of version {restored}.</p>" : ".</p>")));
    }

    /// <summary>A version's schema and a sample of its rows.</summary>
    public static string Show(DatasetVersion version, IReadOnlyList<string> key, IReadOnlyList<IReadOnlyList<object?>> sample)
    {
        var schema = Html.Table(["column", "type"], version.Columns.Select(c => (IReadOnlyList<string>)
            [Html.E(c.Name) + (key.Contains(c.Name) ? " <span class=\"muted\">key</span>" : ""), $"<code>{Html.E(c.Type)}</code>"]));
        var rows = Html.Table(version.Columns.Select(c => c.Name).ToList(), sample.Select(r => (IReadOnlyList<string>)r.Select(Html.Value).ToList()));
        var facts = Html.KeyValues(
        [
            ("digest", $"<code>{version.Digest}</code>"), ("rows", version.Rows.ToString("N0")), ("committed", $"{Html.Time(version.CreatedAt)} by {Html.E(version.Author)}"),
            ("source", Html.E(version.Source)), ("message", Html.E(version.Message)),
        ]);
        return Html.Wrap($"<div class=\"card\"><h3>{Html.E(version.Label)}</h3>{facts}<h4>Schema</h4>{schema}<h4>First {sample.Count} rows</h4>{rows}</div>");
    }

    /// <summary>+added -removed ~changed, colored.</summary>
    public static string Changes(DatasetVersion v) =>
        $"<span class=\"added\">+{v.Added:N0}</span> <span class=\"removed\">-{v.Removed:N0}</span>" + (v.Changed is { } c ? $" <span>~{c:N0}</span>" : "");
}

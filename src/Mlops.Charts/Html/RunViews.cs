namespace Mlops.Charts;

/// <summary>HTML views of runs: a list as a table, one run as a card.</summary>
public static class RunViews
{
    /// <summary>Params and metrics shown as columns of a run table before the rest is summarized.</summary>
    public const int MaxColumns = 8;

    /// <summary>Runs as a table: id, name, experiment, status, start, duration, then params and latest metrics.</summary>
    public static string Table(IReadOnlyList<RunListItem> runs, string? title = null)
    {
        if (runs.Count == 0) return Html.Wrap($"<p class=\"muted\">{Html.E(title ?? "Runs")}: none match.</p>");
        var paramKeys = runs.SelectMany(r => r.Params.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        var metricKeys = runs.SelectMany(r => r.Metrics.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        var shownParams = paramKeys.Take(MaxColumns).ToList();
        var shownMetrics = metricKeys.Take(MaxColumns).ToList();
        var header = new List<string> { "run", "name", "experiment", "status", "started", "duration" };
        header.AddRange(shownParams.Select(k => $"params.{k}"));
        header.AddRange(shownMetrics.Select(k => $"metrics.{k}"));
        var numeric = Enumerable.Range(6 + shownParams.Count, shownMetrics.Count).Append(5).ToHashSet();
        var rows = runs.Select(r => (IReadOnlyList<string>)
        [
            Html.RunIdCell(r.Info.Id), Html.E(r.Info.Name), Html.E(r.Info.Experiment), Html.Badge(r.Info.Status),
            Html.Time(r.Info.StartTime), Html.Duration(r.Info.Duration),
            .. shownParams.Select(k => Html.E(r.Params.GetValueOrDefault(k))),
            .. shownMetrics.Select(k => r.Metrics.TryGetValue(k, out var v) ? Html.Number(v) : ""),
        ]);
        var hidden = paramKeys.Count - shownParams.Count + metricKeys.Count - shownMetrics.Count;
        var note = hidden > 0 ? $"<p class=\"muted\">{hidden} more param/metric columns: use --into to get them all as a DataFrame.</p>" : "";
        var caption = $"<h3>{Html.E(title ?? "Runs")} <span class=\"muted\">({runs.Count})</span></h3>";
        return Html.Wrap(caption + Html.Table(header, rows, numeric) + note);
    }

    /// <summary>
    /// One run as a card: identity, params, metrics (with a chart of each metric's curve when <paramref name="curves"/>
    /// are given), tags, dataset versions used, artifacts, environment and child runs.
    /// </summary>
    public static string Card(RunDetails run, IReadOnlyDictionary<string, IReadOnlyList<MetricPoint>>? curves = null, ChartContext? charts = null)
    {
        var info = run.Info;
        var head = $"<h3>{Html.E(info.Name)} {Html.Badge(info.Status)}</h3>" + Html.KeyValues(Identity(run));
        var sections = new List<string>();
        if (run.Params.Count > 0)
            sections.Add("<h4>Params</h4>" + Html.Table(["key", "value"], run.Params.Select(p => (IReadOnlyList<string>)[Html.E(p.Key), Html.E(p.Value)])));
        if (run.Metrics.Count > 0)
            sections.Add("<h4>Metrics</h4>" + Html.Table(["key", "latest", "step", "min", "max", "points"],
                run.Metrics.Select(m => (IReadOnlyList<string>)[Html.E(m.Key), Html.Number(m.Latest), m.LatestStep.ToString(), Html.Number(m.Min), Html.Number(m.Max), m.Count.ToString("N0")]),
                new HashSet<int> { 1, 2, 3, 4, 5 }));
        // a metric logged once (what Fit logs at step 0) is a value, shown in the table above, not a curve
        if (curves?.Where(c => c.Value.Count > 1).ToDictionary() is { Count: > 0 } drawn && charts is not null)
            sections.Add("<div class=\"charts-grid\">" + charts.Render(drawn.OrderBy(c => c.Key, StringComparer.Ordinal)
                .Select(c => (ChartSpec)new LineChart(c.Key, [new LineSeries(c.Key, c.Value.Select(p => (double)p.Step).ToList(), c.Value.Select(p => p.Value).ToList())], "step", c.Key))
                .ToList()) + "</div>");
        if (run.Tags.Count > 0)
            sections.Add("<h4>Tags</h4>" + Html.Table(["key", "value"], run.Tags.Select(t => (IReadOnlyList<string>)[Html.E(t.Key), Html.E(t.Value)])));
        if (run.Inputs.Count > 0)
            sections.Add("<h4>Dataset versions used</h4>" + Html.Table(["dataset", "digest", "how", "when"],
                run.Inputs.Select(i => (IReadOnlyList<string>)[$"<b>{Html.E(i.Dataset)}@{i.Version}</b>", $"<code title=\"{i.Digest}\">{i.Digest[..12]}</code>",
                    i.Use == DatasetUse.Committed ? "committed" : "loaded", Html.Time(i.At)])));
        if (run.Artifacts.Count > 0)
            sections.Add("<h4>Artifacts</h4>" + Html.Table(["name", "size", "sha256"],
                run.Artifacts.Select(a => (IReadOnlyList<string>)[Html.E(a.Name), Html.Size(a.Size), $"<code title=\"{a.Digest}\">{a.Digest[..16]}…</code>"]),
                new HashSet<int> { 1 }));
        if (run.Children.Count > 0)
            sections.Add("<h4>Child runs</h4>" + Html.Table(["run", "name", "status", "duration"],
                run.Children.Select(c => (IReadOnlyList<string>)[Html.RunIdCell(c.Id), Html.E(c.Name), Html.Badge(c.Status), Html.Duration(c.Duration)])));
        if (run.Environment is { } env) sections.Add("<h4>Environment</h4>" + Environment(env));
        return Html.Wrap($"<div class=\"card\">{head}{string.Concat(sections)}</div>");
    }

    private static IEnumerable<(string, string)> Identity(RunDetails run)
    {
        var info = run.Info;
        yield return ("run id", $"<code>{info.Id.Value}</code>");
        yield return ("experiment", Html.E(info.Experiment));
        if (info.ParentId is { } parent) yield return ("parent", $"<code>{parent.Value}</code>");
        yield return ("started", Html.Time(info.StartTime));
        if (info.EndTime is { } end) yield return ("ended", $"{Html.Time(end)} <span class=\"muted\">after {Html.Duration(info.Duration)}</span>");
        if (info.StatusReason is { } reason) yield return ("reason", Html.E(reason));
        if (info.Note is { } note) yield return ("note", Html.E(note));
    }

    private static string Environment(RunEnvironment env)
    {
        var git = env.GitCommit is null ? "not in a git repository"
            : $"<code>{env.GitCommit[..Math.Min(12, env.GitCommit.Length)]}</code>{(env.GitBranch is { } b ? $" on {Html.E(b)}" : "")}"
              + (env.GitDirty switch { true => " <b>with uncommitted changes</b>", false => " (clean)", _ => "" });
        var rows = new List<(string, string)>
        {
            ("os", Html.E(env.OperatingSystem)),
            ("runtime", $"{Html.E(env.Runtime)} ({Html.E(env.ProcessArchitecture)})"),
            ("git", git),
            ("user", $"{Html.E(env.User)}@{Html.E(env.Machine)} <span class=\"muted\">pid {env.ProcessId}</span>"),
            ("folder", $"<code>{Html.E(env.WorkingDirectory)}</code>"),
        };
        rows.AddRange(env.Assemblies.Select(a => (a.Key, Html.E(a.Value))));
        return Html.KeyValues(rows);
    }
}

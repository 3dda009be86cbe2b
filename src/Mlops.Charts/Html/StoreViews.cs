namespace Mlops.Charts;

/// <summary>HTML views of a store: its status and its experiments.</summary>
public static class StoreViews
{
    /// <summary>Location, engine, schema, counts, and the session's experiment and active run.</summary>
    public static string Status(StoreStatus status, string experiment, RunInfo? activeRun)
    {
        var active = activeRun is null ? "<span class=\"muted\">none</span>"
            : $"{Html.RunIdCell(activeRun.Id)} {Html.E(activeRun.Name)} {Html.Badge(activeRun.Status)}";
        var rows = new (string, string)[]
        {
            ("store", $"<code>{Html.E(status.Location)}</code>"),
            ("engine", $"{Html.E(status.Engine)}, schema version {status.SchemaVersion}"),
            ("experiments", status.Experiments.ToString("N0")),
            ("runs", $"{status.Runs:N0} ({status.ActiveRuns:N0} running)"),
            ("metric points", status.MetricPoints.ToString("N0")),
            ("size on disk", Html.Size(status.StoreBytes)),
            ("experiment", Html.E(experiment)),
            ("active run", active),
        };
        return Html.Wrap("<div class=\"card\"><h3>Mlops store</h3>" + Html.KeyValues(rows) + "</div>");
    }

    /// <summary>Experiments with their run counts.</summary>
    public static string Experiments(IReadOnlyList<ExperimentSummary> experiments, string current)
    {
        if (experiments.Count == 0) return Html.Wrap("<p class=\"muted\">No experiments yet: #!experiment use &lt;name&gt; or #!run start creates one.</p>");
        var rows = experiments.Select(e => (IReadOnlyList<string>)
        [
            Html.E(e.Experiment.Name) + (e.Experiment.Name == current ? " <span class=\"muted\">(current)</span>" : ""),
            e.Runs.ToString("N0"), e.ActiveRuns.ToString("N0"), Html.Time(e.LastRunStart), Html.Time(e.Experiment.CreatedAt),
        ]);
        return Html.Wrap("<h3>Experiments</h3>" + Html.Table(["experiment", "runs", "running", "last run", "created"], rows, new HashSet<int> { 1, 2 }));
    }
}

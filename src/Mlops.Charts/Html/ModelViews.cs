namespace Mlops.Charts;

/// <summary>HTML views of the model registry: the model list, a registration, a model card and a fit's record.</summary>
public static class ModelViews
{
    /// <summary>Every model with its latest version and aliases.</summary>
    public static string List(IReadOnlyList<ModelSummary> models)
    {
        if (models.Count == 0) return Html.Wrap("<p class=\"muted\">No models yet: #!model register &lt;name&gt; --run &lt;run-id&gt;.</p>");
        return Html.Wrap("<h3>Models</h3>" + Html.Table(["model", "task", "versions", "latest", "aliases", "updated"],
            models.Select(m => (IReadOnlyList<string>)[Html.E(m.Name), Html.E(m.Task.Name()), m.Versions.ToString(), m.LatestVersion.ToString(),
                Aliases(m.Aliases.Select(a => $"{a.Key} → {a.Value}")), Html.Time(m.UpdatedAt)]),
            new HashSet<int> { 2, 3 }));
    }

    /// <summary>The outcome of a registration.</summary>
    public static string Registered(ModelVersion v) => Html.Wrap(
        $"<p>Registered <b>{Html.E(v.Reference)}</b> from run {Html.RunIdCell(v.Run)} (<code>{Html.E(v.Artifact)}</code>, {Html.Size(v.Size)}): "
        + $"{Html.E(v.Signature.TaskName)}, {v.Signature.Inputs.Count} input column(s), label {Html.E(v.Signature.Label ?? "none")}"
        + (v.Inputs.Count == 0 ? "" : ", its run used " + Html.E(string.Join(", ", v.Inputs.Select(i => $"{i.Dataset}@{i.Version}")))) + ".</p>");

    /// <summary>A model card: the version's facts, signature, metrics, params, lineage, the model's versions and decisions.</summary>
    public static string Card(ModelCard card, ChartContext charts)
    {
        var v = card.Version;
        var facts = Html.KeyValues(
        [
            ("task", Html.E(v.Signature.TaskName)), ("label", Html.E(v.Signature.Label ?? "none")),
            ("run", Html.RunIdCell(v.Run)), ("artifact", $"<code>{Html.E(v.Artifact)}</code> {Html.Size(v.Size)} <code title=\"{v.Digest}\">{v.Digest[..12]}</code>"),
            ("registered", $"{Html.Time(v.CreatedAt)} by {Html.E(v.CreatedBy)}"), ("description", Html.E(v.Description)),
            ("data used by its run", v.Inputs.Count == 0 ? "<span class=\"muted\">no dataset versions recorded (load them inside the run to record them)</span>"
                : string.Join(", ", v.Inputs.Select(i => $"{Html.E(i.Dataset)}@{i.Version} <code title=\"{i.Digest}\">{i.Digest[..12]}</code>"))),
        ]);
        var signature = Html.Table(["reads", "type"], v.Signature.Inputs.Select(c => (IReadOnlyList<string>)[Html.E(c.Name), $"<code>{Html.E(c.TypeName)}</code>"]))
                        + Html.Table(["adds", "type"], v.Signature.Outputs.Select(c => (IReadOnlyList<string>)[Html.E(c.Name), $"<code>{Html.E(c.TypeName)}</code>"]));
        var metrics = Html.Table(["metric (logged by the run)", "value"], v.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal)
            .Select(m => (IReadOnlyList<string>)[Html.E(m.Key), Html.Number(m.Value)]), new HashSet<int> { 1 });
        var parameters = Html.Table(["param", "value"], v.Params.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => (IReadOnlyList<string>)[Html.E(p.Key), Html.E(p.Value)]));
        return Html.Wrap($"<div class=\"card\"><h3>{Html.E(v.Reference)} {Aliases(v.Aliases)}</h3>{facts}"
            + $"<h4>Signature</h4>{signature}<h4>Metrics</h4>{metrics}<h4>Params</h4>{parameters}</div>"
            + charts.Render(card.Evaluation?.Charts() ?? [])
            + HistoryBody(card.Model, charts));
    }

    /// <summary>A model's versions, a timeline of its aliases and every decision.</summary>
    public static string History(ModelDetails model, ChartContext charts) => Html.Wrap(HistoryBody(model, charts));

    /// <summary>What fitting recorded: run, trainer, time, metrics, and for classifiers the confusion matrix and curves.</summary>
    public static string Fitted(FitSummary fit, ChartContext charts)
    {
        var metrics = Html.Table(["metric", "value"], fit.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal)
            .Select(m => (IReadOnlyList<string>)[Html.E(m.Key), Html.Number(m.Value)]), new HashSet<int> { 1 });
        var facts = Html.KeyValues(
        [
            ("run", $"{Html.RunIdCell(fit.Run)} {Html.E(fit.RunName)}"), ("task", Html.E(fit.Signature.TaskName)), ("label", Html.E(fit.Signature.Label ?? "none")),
            ("trainer", Html.E(fit.Params.GetValueOrDefault("trainer", "none"))), ("pipeline", Html.E(fit.Params.GetValueOrDefault("pipeline"))),
            ("training time", Html.Duration(TimeSpan.FromSeconds(fit.TrainingSeconds))), ("evaluated on", Html.E(fit.EvaluatedOn == "test" ? "the test data" : "the training data (no test data given)")),
            ("model", $"<code>{Html.E(fit.Artifact.Name)}</code> {Html.Size(fit.Artifact.Size)}"),
        ]);
        return Html.Wrap($"<div class=\"card\"><h3>Fitted in run {Html.RunIdCell(fit.Run)}</h3>{facts}<h4>Evaluation</h4>{metrics}</div>"
            + charts.Render(fit.Evaluation?.Charts() ?? []));
    }

    /// <summary>Alias badges.</summary>
    public static string Aliases(IEnumerable<string> aliases) => string.Join(" ", aliases.Select(a => $"<span class=\"badge alias\">{Html.E(a)}</span>"));

    /// <summary>A decision's outcome as a colored badge.</summary>
    public static string Outcome(PromotionDecision d) => $"<span class=\"badge {d.OutcomeText.Replace(' ', '-')}\">{Html.E(d.OutcomeText)}</span>";

    private static string HistoryBody(ModelDetails model, ChartContext charts)
    {
        var name = model.Summary.Name;
        var versions = Html.Table(["version", "registered", "by", "run", "digest", "aliases", "description"], model.Versions.Select(v => (IReadOnlyList<string>)
        [
            $"<b>{v.Version}</b>", Html.Time(v.CreatedAt), Html.E(v.CreatedBy), Html.RunIdCell(v.Run), $"<code title=\"{v.Digest}\">{v.Digest[..12]}</code>",
            Aliases(v.Aliases), Html.E(v.Description),
        ]), new HashSet<int> { 0 });
        var decisions = model.Decisions.Count == 0
            ? "<p class=\"muted\">No decisions yet: #!model alias or #!model promote.</p>"
            : Html.Table(["#", "time", "who", "alias", "outcome", "candidate", "incumbent", "on", "gate", "reason"], model.Decisions.Select(d => (IReadOnlyList<string>)
            [
                d.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), Html.Time(d.At), Html.E(d.Who), Html.E(d.Alias), Outcome(d), $"v{d.Candidate}", d.Incumbent is { } inc ? $"v{inc}" : "—",
                d.Dataset is null ? "—" : $"{Html.E(d.Dataset)}@{d.DatasetVersion} <code title=\"{d.DatasetDigest}\">{d.DatasetDigest?[..Math.Min(12, d.DatasetDigest.Length)]}</code>",
                d.Gate is null ? "—" : $"<code>{Html.E(d.Gate)}</code>" + Failed(d), Html.E(d.Reason),
            ]), new HashSet<int> { 0 });
        return $"<div class=\"card\"><h3>{Html.E(name)} <span class=\"muted\">{model.Versions.Count} version(s)</span></h3>"
               + $"<h4>Versions</h4>{versions}<h4>Decisions (oldest first, never edited)</h4>{decisions}</div>"
               + charts.Render(Timeline(model) is { } chart ? [chart] : []);
    }

    private static string Failed(PromotionDecision d)
    {
        var failed = d.Terms.Where(t => t.Passed == false).Select(t => t.Term).ToList();
        return failed.Count == 0 ? "" : $"<br><span class=\"removed\">failed: {Html.E(string.Join("; ", failed))}</span>";
    }

    /// <summary>Which version each alias pointed at after each decision, with the attempts that did not move it.</summary>
    internal static ChartSpec? Timeline(ModelDetails model)
    {
        if (model.Decisions.Count == 0) return null;
        var series = new List<LineSeries>();
        foreach (var alias in model.Decisions.Select(d => d.Alias).Distinct())
        {
            // x is the decision's number, the same everywhere (CLI, cards, history)
            var moves = model.Decisions.Where(d => d.Alias == alias && d.Moved).ToList();
            if (moves.Count > 0)
                series.Add(new LineSeries($"{alias} (version held)", moves.Select(d => (double)d.Id).Append(model.Decisions[^1].Id).ToList(),
                    moves.Select(d => (double)d.Candidate).Append(moves[^1].Candidate).ToList(), LineStyle.Step));
            var refused = model.Decisions.Where(d => d.Alias == alias && !d.Moved).ToList();
            if (refused.Count > 0)
                series.Add(new LineSeries($"{alias}: refused candidates", refused.Select(d => (double)d.Id).ToList(), refused.Select(d => (double)d.Candidate).ToList(), LineStyle.Markers));
        }
        return new LineChart($"{model.Summary.Name}: which version each alias held, decision by decision (x: refused)", series, "decision #", "version", WholeNumbers: true);
    }
}

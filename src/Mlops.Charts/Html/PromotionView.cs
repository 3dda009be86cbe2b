namespace Mlops.Charts;

/// <summary>A promotion's outcome with its evidence: each gate term's values and both models' metrics side by side.</summary>
public static class PromotionView
{
    /// <summary>Renders a promotion or alias move.</summary>
    public static string Render(PromotionResult result)
    {
        var d = result.Decision;
        var model = d.Model;
        var headline = d.Outcome switch
        {
            DecisionOutcome.Passed => $"<b>{Html.E(model)}@{Html.E(d.Alias)}</b> now points at <b>version {d.Candidate}</b>{Was(d)}: the gate passed.",
            DecisionOutcome.Forced => $"<b>{Html.E(model)}@{Html.E(d.Alias)}</b> now points at <b>version {d.Candidate}</b>{Was(d)}, forced: {Html.E(d.Reason)}.",
            DecisionOutcome.AliasSet => $"<b>{Html.E(model)}@{Html.E(d.Alias)}</b> now points at <b>version {d.Candidate}</b>{Was(d)} (set directly, no gate).",
            DecisionOutcome.GateFailed => $"The gate failed: <b>{Html.E(model)}@{Html.E(d.Alias)}</b> stays at {(d.Incumbent is { } i ? $"version {i}" : "nothing")}; version {d.Candidate} did not move.",
            _ => $"Conflict: another promotion moved {Html.E(model)}@{Html.E(d.Alias)} first; nothing moved.",
        };
        var on = d.Dataset is null ? "" : $"<p class=\"muted\">Both re-scored on {Html.E(d.Dataset)}@{d.DatasetVersion} <code>{Html.E(d.DatasetDigest?[..Math.Min(12, d.DatasetDigest.Length)])}</code>; decision #{d.Id} by {Html.E(d.Who)} at {Html.Time(d.At)}.</p>";
        return Html.Wrap($"<div class=\"card\"><h3>{ModelViews.Outcome(d)} {headline}</h3>{on}{Terms(d)}{Metrics(d)}</div>");
    }

    private static string Was(PromotionDecision d) => d.Incumbent is { } i ? $" (was version {i})" : "";

    private static string Terms(PromotionDecision d)
    {
        if (d.Gate is null) return d.Dataset is null ? "" : "<p class=\"muted\">No gate: the alias moved after both were scored.</p>";
        var rows = d.Terms.Select(t =>
        {
            var css = t.Passed switch { false => " class=\"failed\"", null => " class=\"skipped\"", _ => "" };
            var verdict = t.Passed switch { true => "<span class=\"added\">✔ holds</span>", false => "<span class=\"removed\">✘ fails</span>", null => Html.E(t.Note) };
            return $"<tr{css}><td><code>{Html.E(t.Term)}</code></td><td class=\"num\">{Value(t.Left)}</td><td class=\"num\">{Value(t.Right)}</td><td>{verdict}</td></tr>";
        });
        return $"<h4>Gate</h4><p><code>{Html.E(d.Gate)}</code></p><table><thead><tr><th>term</th><th class=\"num\">left</th><th class=\"num\">right</th><th>verdict</th></tr></thead><tbody>{string.Concat(rows)}</tbody></table>";
    }

    private static string Metrics(PromotionDecision d)
    {
        if (d.CandidateMetrics.Count == 0) return "";
        var failing = d.Terms.Where(t => t.Passed == false).Select(t => t.Term).ToList();
        var hasIncumbent = d.Incumbent is not null;
        var rows = d.CandidateMetrics.Keys.Union(d.IncumbentMetrics.Keys).Order(StringComparer.Ordinal).Select(key =>
        {
            var candidate = d.CandidateMetrics.GetValueOrDefault(key, double.NaN);
            var incumbent = d.IncumbentMetrics.GetValueOrDefault(key, double.NaN);
            var inFailedTerm = failing.Any(t => Mentions(t, key));
            var cells = $"<td>{Html.E(key)}</td><td class=\"num\">{Html.Number(candidate)}</td>"
                        + (hasIncumbent ? $"<td class=\"num\">{Html.Number(incumbent)}</td><td class=\"num\">{Delta(candidate - incumbent)}</td>" : "");
            return $"<tr{(inFailedTerm ? " class=\"failed\"" : "")}>{cells}</tr>";
        });
        var head = $"<th>metric</th><th class=\"num\">candidate v{d.Candidate}</th>" + (hasIncumbent ? $"<th class=\"num\">{Html.E(d.Alias)} v{d.Incumbent}</th><th class=\"num\">Δ</th>" : "");
        return $"<h4>Metrics on the pinned data</h4><table><thead><tr>{head}</tr></thead><tbody>{string.Concat(rows)}</tbody></table>";
    }

    private static bool Mentions(string term, string metric) =>
        term.Contains(metric, StringComparison.OrdinalIgnoreCase)
        || (metric == "area_under_roc_curve" && term.Contains("auc", StringComparison.OrdinalIgnoreCase))
        || (metric == "root_mean_squared_error" && term.Contains("rmse", StringComparison.OrdinalIgnoreCase));

    private static string Value(double? v) => v is { } x ? Html.Number(x) : "<span class=\"muted\">—</span>";

    private static string Delta(double delta) => double.IsNaN(delta) ? "" : (delta > 0 ? "+" : "") + Html.Number(delta);
}

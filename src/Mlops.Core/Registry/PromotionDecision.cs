namespace Mlops;

/// <summary>How an attempt to move an alias ended.</summary>
public enum DecisionOutcome
{
    /// <summary>The gate passed (or there was none) and the alias moved.</summary>
    Passed,
    /// <summary>The gate failed; nothing moved.</summary>
    GateFailed,
    /// <summary>Moved with --force, whatever the gate said; the reason is recorded.</summary>
    Forced,
    /// <summary>Set or moved directly, with no gate.</summary>
    AliasSet,
    /// <summary>Another promotion moved the alias first; nothing moved.</summary>
    Conflict,
}

/// <summary>One comparison of a gate: its text, the two sides' values, and whether it held (null: skipped).</summary>
public sealed record GateTermResult(string Term, double? Left, double? Right, bool? Passed, string? Note);

/// <summary>
/// One decision about an alias, appended to the model's history and never changed: who, when, the candidate and the
/// version that held the alias, the dataset version and digest both were scored on, the gate with each term's values,
/// both models' metrics, the outcome and the reason.
/// </summary>
public sealed record PromotionDecision(
    long Id,
    string Model,
    string Alias,
    DecisionOutcome Outcome,
    int Candidate,
    int? Incumbent,
    string? Dataset,
    int? DatasetVersion,
    string? DatasetDigest,
    string? Gate,
    IReadOnlyList<GateTermResult> Terms,
    IReadOnlyDictionary<string, double> CandidateMetrics,
    IReadOnlyDictionary<string, double> IncumbentMetrics,
    string? Reason,
    string Who,
    DateTimeOffset At)
{
    /// <summary>Whether the alias moved.</summary>
    public bool Moved => Outcome is DecisionOutcome.Passed or DecisionOutcome.Forced or DecisionOutcome.AliasSet;

    /// <summary>The outcome as shown: passed, gate failed, forced, alias set or conflict.</summary>
    public string OutcomeText => Outcome switch
    {
        DecisionOutcome.Passed => "passed",
        DecisionOutcome.GateFailed => "gate failed",
        DecisionOutcome.Forced => "forced",
        DecisionOutcome.AliasSet => "alias set",
        _ => "conflict",
    };
}

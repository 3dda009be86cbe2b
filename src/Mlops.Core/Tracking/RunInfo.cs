namespace Mlops;

/// <summary>The identity and lifecycle of a run (what a run list shows).</summary>
public sealed record RunInfo(
    RunId Id,
    string Experiment,
    string Name,
    RunStatus Status,
    DateTimeOffset StartTime,
    DateTimeOffset? EndTime,
    RunId? ParentId,
    string? Note,
    string? StatusReason)
{
    /// <summary>End minus start, or null while the run is going.</summary>
    public TimeSpan? Duration => EndTime - StartTime;
}

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
    /// <summary>When the run (or its experiment) was deleted; null while it is not.</summary>
    public DateTimeOffset? DeletedAt { get; init; }

    /// <summary>End minus start, or null while the run is going.</summary>
    public TimeSpan? Duration => EndTime - StartTime;
}

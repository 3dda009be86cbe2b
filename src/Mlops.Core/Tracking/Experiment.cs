namespace Mlops;

/// <summary>A named group of runs.</summary>
public sealed record Experiment(string Id, string Name, DateTimeOffset CreatedAt)
{
    /// <summary>When the experiment was deleted; null while it is not.</summary>
    public DateTimeOffset? DeletedAt { get; init; }
}

/// <summary>An experiment with counts of its runs.</summary>
public sealed record ExperimentSummary(Experiment Experiment, long Runs, long ActiveRuns, DateTimeOffset? LastRunStart);

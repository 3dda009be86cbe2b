namespace Mlops;

/// <summary>Everything stored about one run (what a run card shows).</summary>
public sealed record RunDetails(
    RunInfo Info,
    IReadOnlyDictionary<string, string> Params,
    IReadOnlyDictionary<string, string> Tags,
    IReadOnlyList<MetricSummary> Metrics,
    IReadOnlyList<ArtifactInfo> Artifacts,
    RunEnvironment? Environment,
    IReadOnlyList<RunInfo> Children)
{
    /// <summary>Dataset versions the run committed or loaded.</summary>
    public IReadOnlyList<RunInput> Inputs { get; init; } = [];
}

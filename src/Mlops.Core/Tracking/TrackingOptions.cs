namespace Mlops;

/// <summary>What a <see cref="TrackingService"/> runs on. Every member has a working default.</summary>
public sealed record TrackingOptions
{
    /// <summary>The clock for run times and metric timestamps. Default: the system clock.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>How the environment and the owning process are read. Default: the real process and machine.</summary>
    public IEnvironmentProbe Environment { get; init; } = new SystemEnvironmentProbe();

    /// <summary>Metric buffer sizes and flush interval.</summary>
    public MetricWriterOptions Metrics { get; init; } = new();

    /// <summary>
    /// Which notebook a run starting now comes from, if any (recorded as tags and its source as an artifact). Default:
    /// what the process environment says (<see cref="NotebookProvenance.FromEnvironment"/>).
    /// </summary>
    public Func<NotebookProvenance?> Notebook { get; init; } = NotebookProvenance.FromEnvironment;

    /// <summary>The experiment runs go to when none is named. Default "Default".</summary>
    public string DefaultExperiment { get; init; } = "Default";
}

namespace Mlops;

/// <summary>A run as the service hands it to the store to create.</summary>
public sealed record NewRun(RunInfo Info, string ExperimentId, IReadOnlyDictionary<string, string> Tags, RunEnvironment Environment, RunOwner Owner);

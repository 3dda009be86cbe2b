namespace Mlops;

/// <summary>What <c>#!mlops status</c> shows of a store.</summary>
public sealed record StoreStatus(string Location, string Engine, int SchemaVersion, long Experiments, long Runs, long ActiveRuns, long MetricPoints, long StoreBytes);

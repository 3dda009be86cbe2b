using Mlops.DuckDb;

namespace Mlops;

/// <summary>Options for <see cref="MlopsClient.Open(string?, MlopsClientOptions?)"/>. Every member has a working default.</summary>
public sealed record MlopsClientOptions
{
    /// <summary>Clock, environment probe, metric buffer and default experiment.</summary>
    public TrackingOptions Tracking { get; init; } = new();

    /// <summary>How the DuckDB file is opened (lock wait).</summary>
    public DuckDbStoreOptions Store { get; init; } = new();
}

namespace Mlops;

/// <summary>How a comparison reduces each metric to one number per run.</summary>
public enum MetricAggregate
{
    /// <summary>The latest value (highest step).</summary>
    Last,
    /// <summary>The smallest value.</summary>
    Min,
    /// <summary>The largest value.</summary>
    Max,
}

/// <summary>
/// Runs side by side: their details, the metric the charts focus on, how metrics are reduced, and each metric's curve
/// per run (thinned for display). Displays itself in a notebook and renders into reports.
/// </summary>
public sealed record RunComparison(
    IReadOnlyList<RunDetails> Runs,
    string? Metric,
    MetricAggregate Aggregate,
    bool DiffOnly,
    bool Transpose,
    IReadOnlyDictionary<string, IReadOnlyDictionary<RunId, IReadOnlyList<MetricPoint>>> Curves)
{
    /// <summary>A metric's value for a run under <see cref="Aggregate"/>, or null when the run lacks it.</summary>
    public double? Value(RunDetails run, string metric) =>
        run.Metrics.FirstOrDefault(m => m.Key == metric) is { } s
            ? Aggregate switch { MetricAggregate.Min => s.Min, MetricAggregate.Max => s.Max, _ => s.Latest }
            : null;

    /// <summary>Every param key of the runs, sorted.</summary>
    public IReadOnlyList<string> ParamKeys => Runs.SelectMany(r => r.Params.Keys).Distinct().Order(StringComparer.Ordinal).ToList();

    /// <summary>Every metric key of the runs, sorted.</summary>
    public IReadOnlyList<string> MetricKeys => Runs.SelectMany(r => r.Metrics.Select(m => m.Key)).Distinct().Order(StringComparer.Ordinal).ToList();
}

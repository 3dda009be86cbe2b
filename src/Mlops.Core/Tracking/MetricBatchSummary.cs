namespace Mlops;

/// <summary>
/// One flush's aggregate of one metric of one run, which a store folds into its per-run-and-key summary: the latest value
/// (by step, then time), the last time, the extremes without NaN and the count. Timestamps are UTC.
/// </summary>
public sealed class MetricBatchSummary(MetricRow first)
{
    /// <summary>The value at the highest step (the later of equal steps).</summary>
    public double Latest { get; private set; } = first.Value;

    /// <summary>The highest step.</summary>
    public long LatestStep { get; private set; } = first.Step;

    /// <summary>When the latest value was logged.</summary>
    public DateTime LatestTime { get; private set; } = first.Timestamp;

    /// <summary>When the last point was logged, whatever its step.</summary>
    public DateTime LastTime { get; private set; } = first.Timestamp;

    /// <summary>The smallest value that is not NaN, or null.</summary>
    public double? Min { get; private set; }

    /// <summary>The largest value that is not NaN, or null.</summary>
    public double? Max { get; private set; }

    /// <summary>How many points.</summary>
    public long Count { get; private set; }

    /// <summary>Adds a point (the first one too).</summary>
    public void Add(in MetricRow row)
    {
        Count++;
        if (row.Step > LatestStep || (row.Step == LatestStep && row.Timestamp >= LatestTime))
            (Latest, LatestStep, LatestTime) = (row.Value, row.Step, row.Timestamp);
        if (row.Timestamp > LastTime) LastTime = row.Timestamp;
        if (double.IsNaN(row.Value)) return;
        if (Min is null || row.Value < Min) Min = row.Value;
        if (Max is null || row.Value > Max) Max = row.Value;
    }
}

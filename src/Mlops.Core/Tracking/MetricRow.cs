namespace Mlops;

/// <summary>One metric point as buffered and written (40 bytes; the timestamp is UTC).</summary>
public readonly record struct MetricRow(RunId RunId, string Key, double Value, long Step, DateTime Timestamp);

/// <summary>One point of a metric's history.</summary>
public readonly record struct MetricPoint(long Step, double Value, DateTimeOffset Timestamp);

/// <summary>Every point of one metric of one run.</summary>
public sealed record MetricHistory(RunId Run, string Key, IReadOnlyList<MetricPoint> Points);

/// <summary>A metric of one run reduced to what a card shows. Min and max ignore NaN.</summary>
public sealed record MetricSummary(string Key, double Latest, long LatestStep, double Min, double Max, long Count, DateTimeOffset LastTimestamp);

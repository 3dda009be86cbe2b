using Microsoft.Data.Analysis;

namespace Mlops;

/// <summary>Runs as a <see cref="DataFrame"/>: one row per run, then a column per param and per metric (latest value).</summary>
public static class RunFrames
{
    /// <summary>Columns run_id, name, experiment, status, start_time, end_time, duration_s, parent_run_id, params.*, metrics.*.</summary>
    public static DataFrame ToDataFrame(this IReadOnlyList<RunListItem> runs)
    {
        var paramKeys = runs.SelectMany(r => r.Params.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        var metricKeys = runs.SelectMany(r => r.Metrics.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        var columns = new List<DataFrameColumn>
        {
            new StringDataFrameColumn("run_id", runs.Select(r => r.Info.Id.Value)),
            new StringDataFrameColumn("name", runs.Select(r => r.Info.Name)),
            new StringDataFrameColumn("experiment", runs.Select(r => r.Info.Experiment)),
            new StringDataFrameColumn("status", runs.Select(r => r.Info.Status.ToText())),
            new PrimitiveDataFrameColumn<DateTime>("start_time", runs.Select(r => (DateTime?)r.Info.StartTime.UtcDateTime)),
            new PrimitiveDataFrameColumn<DateTime>("end_time", runs.Select(r => r.Info.EndTime?.UtcDateTime)),
            new DoubleDataFrameColumn("duration_s", runs.Select(r => r.Info.Duration?.TotalSeconds)),
            new StringDataFrameColumn("parent_run_id", runs.Select(r => r.Info.ParentId?.Value)),
        };
        columns.AddRange(paramKeys.Select(k => new StringDataFrameColumn($"params.{k}", runs.Select(r => r.Params.GetValueOrDefault(k)))));
        columns.AddRange(metricKeys.Select(k => new DoubleDataFrameColumn($"metrics.{k}",
            runs.Select(r => r.Metrics.TryGetValue(k, out var v) ? v : (double?)null))));
        return new DataFrame(columns);
    }
}

namespace Mlops;

/// <summary>Writes batches of metric points to a store held open for it. Dispose it promptly: it may lock others out.</summary>
public interface IMetricAppender : IDisposable
{
    /// <summary>Appends the rows of every segment, in order, all or nothing.</summary>
    void Append(IReadOnlyList<ArraySegment<MetricRow>> batches);
}

namespace Mlops;

/// <summary>
/// Thins long series for display while keeping their shape: the points are cut into buckets by position, and each
/// bucket keeps its lowest and highest value in step order, so spikes and dips survive. The store keeps every point.
/// </summary>
public static class Downsample
{
    /// <summary>Points shown per series by default.</summary>
    public const int DefaultMaxPoints = 2000;

    /// <summary>At most <paramref name="maxPoints"/> points (plus the first and last), min and max of each bucket; NaN points are kept apart so gaps stay gaps.</summary>
    public static IReadOnlyList<MetricPoint> MinMax(IReadOnlyList<MetricPoint> points, int maxPoints = DefaultMaxPoints)
    {
        if (maxPoints < 4) throw MlopsException.Invalid($"maxPoints must be at least 4 (got {maxPoints}).");
        if (points.Count <= maxPoints) return points;
        var buckets = maxPoints / 2 - 1;
        var result = new List<MetricPoint>(maxPoints + 2) { points[0] };
        var size = (double)(points.Count - 2) / buckets;
        for (var b = 0; b < buckets; b++)
        {
            var start = 1 + (int)(b * size);
            var end = Math.Min(points.Count - 1, 1 + (int)((b + 1) * size));
            if (start >= end) continue;
            int lo = -1, hi = -1;
            for (var i = start; i < end; i++)
            {
                var v = points[i].Value;
                if (double.IsNaN(v)) continue;
                if (lo < 0 || v < points[lo].Value) lo = i;
                if (hi < 0 || v > points[hi].Value) hi = i;
            }
            if (lo < 0) { result.Add(points[start]); continue; }   // a bucket of NaN only
            if (lo == hi) result.Add(points[lo]);
            else { result.Add(points[Math.Min(lo, hi)]); result.Add(points[Math.Max(lo, hi)]); }
        }
        result.Add(points[^1]);
        return result;
    }
}

namespace Mlops;

/// <summary>
/// Keeps, in memory, the points of the watched metrics of one run as they are logged, for a live view. Memory is
/// bounded: when a series reaches twice <see cref="MaxPoints"/>, every other point is dropped and from then on only
/// every other new point is kept (and so on), so the series keeps its whole span at a coarser grain.
/// </summary>
public sealed class MetricWatch
{
    private readonly Dictionary<string, Series> _series = new(StringComparer.Ordinal);
    private readonly HashSet<string>? _keys;
    private long _version;

    internal MetricWatch(IReadOnlyCollection<string> keys, int maxPoints)
    {
        _keys = keys.Count == 0 ? null : keys.ToHashSet(StringComparer.Ordinal);
        MaxPoints = maxPoints;
    }

    /// <summary>Points per series kept between thinnings.</summary>
    public int MaxPoints { get; }

    /// <summary>Changes whenever a point is added, so a view redraws only when there is something new.</summary>
    public long Version => Interlocked.Read(ref _version);

    internal void Add(string key, long step, double value, DateTimeOffset at)
    {
        if (_keys is not null && !_keys.Contains(key)) return;
        lock (_series)
        {
            if (!_series.TryGetValue(key, out var series)) _series[key] = series = new Series();
            series.Add(new MetricPoint(step, value, at), MaxPoints);
        }
        Interlocked.Increment(ref _version);
    }

    /// <summary>The points kept so far, per metric.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<MetricPoint>> Snapshot()
    {
        lock (_series) return _series.ToDictionary(s => s.Key, s => (IReadOnlyList<MetricPoint>)s.Value.Points.ToList(), StringComparer.Ordinal);
    }

    private sealed class Series
    {
        private int _stride = 1;
        private long _seen;

        public List<MetricPoint> Points { get; } = [];

        public void Add(MetricPoint point, int maxPoints)
        {
            if (_seen++ % _stride != 0) return;
            Points.Add(point);
            if (Points.Count < 2 * maxPoints) return;
            for (var i = 0; i < maxPoints; i++) Points[i] = Points[2 * i];
            Points.RemoveRange(maxPoints, Points.Count - maxPoints);
            _stride *= 2;
        }
    }
}

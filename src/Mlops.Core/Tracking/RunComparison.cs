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
    IReadOnlyDictionary<string, IReadOnlyDictionary<RunId, IReadOnlyList<MetricPoint>>> Curves,
    IReadOnlyList<string>? ChartParams = null)
{
    /// <summary>At most this many params go on the parallel-coordinates chart unless chosen.</summary>
    public const int MaxChartedParams = 6;

    /// <summary>At most this many params get a metric-by-param scatter chart unless chosen.</summary>
    public const int MaxScatterParams = 4;

    /// <summary>
    /// The params the charts show, and those left out. Unless <see cref="ChartParams"/> names them: the params that
    /// vary and are set in every run, most related to <see cref="Metric"/> first (|correlation| for numbers, the share
    /// of the metric's variance the groups explain for text), at most <see cref="MaxChartedParams"/>.
    /// </summary>
    public (IReadOnlyList<string> Charted, IReadOnlyList<string> LeftOut) ParamSelection()
    {
        var varying = ParamKeys.Where(k => Runs.Select(r => r.Params.GetValueOrDefault(k)).Distinct().Count() > 1).ToList();
        if (ChartParams is { Count: > 0 } chosen) return (chosen, varying.Except(chosen).ToList());
        var everywhere = varying.Where(k => Runs.All(r => r.Params.ContainsKey(k))).ToList();
        var target = Metric is { } m ? Runs.Select(r => Value(r, m) ?? double.NaN).ToArray() : null;
        var ranked = everywhere.OrderByDescending(k => target is null ? 0 : Relation(Runs.Select(r => r.Params[k]).ToArray(), target)).ThenBy(k => k, StringComparer.Ordinal).ToList();
        var charted = ranked.Take(MaxChartedParams).ToList();
        return (charted, varying.Except(charted).ToList());
    }

    /// <summary>Whether a param's values are all numbers.</summary>
    public bool IsNumeric(string key) => Runs.All(r => !r.Params.TryGetValue(key, out var v) || double.TryParse(v, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _));

    private static double Relation(string[] values, double[] metric)
    {
        var pairs = values.Zip(metric).Where(p => double.IsFinite(p.Second)).ToList();
        if (pairs.Count < 2) return 0;
        var y = pairs.Select(p => p.Second).ToArray();
        var mean = y.Average();
        var total = y.Sum(v => (v - mean) * (v - mean));
        if (total == 0) return 0;
        var numbers = pairs.Select(p => double.TryParse(p.First, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var x) ? x : double.NaN).ToArray();
        if (numbers.All(double.IsFinite))
        {
            var mx = numbers.Average();
            var cov = numbers.Zip(y).Sum(p => (p.First - mx) * (p.Second - mean));
            var vx = numbers.Sum(x => (x - mx) * (x - mx));
            return vx == 0 ? 0 : Math.Abs(cov / Math.Sqrt(vx * total));
        }
        // eta squared: between-group share of the variance
        var between = pairs.GroupBy(p => p.First).Sum(g => g.Count() * Math.Pow(g.Average(p => p.Second) - mean, 2));
        return between / total;
    }

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

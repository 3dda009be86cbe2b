using System.Globalization;

namespace Mlops;

/// <summary>One row of a reproduction check: a param or a run's final metric, in the original run and in its reproduction.</summary>
/// <param name="Kind">"param", "metric", or "timing" (a duration such as training_seconds: shown, not judged, unless
/// given a tolerance of its own).</param>
/// <param name="Name">The param's or metric's key.</param>
/// <param name="Original">The original's value (null when it has none).</param>
/// <param name="Reproduction">The reproduction's value (null when it has none).</param>
/// <param name="Difference">Reproduction minus original, for metrics both runs have.</param>
/// <param name="Tolerance">The largest absolute difference accepted (metrics).</param>
/// <param name="Within">Whether the row matches: equal params; metrics within the tolerance.</param>
public sealed record ReproductionRow(string Kind, string Name, string? Original, string? Reproduction, double? Difference, double? Tolerance, bool Within);

/// <summary>
/// Compares a run with its reproduction: every param must be equal, and every final metric (the latest value) must
/// differ by at most its tolerance (absolute), a metric only one run has being a difference. Durations (metrics named
/// <c>*_seconds</c>, <c>*_ms</c> or <c>duration</c>) are the machine's, not the model's: shown, and judged only with a tolerance
/// named for them.
/// </summary>
public static class ReproductionCheck
{
    /// <summary>The default tolerance: metrics computed again from the same data, seeds and options are equal to rounding.</summary>
    public const double DefaultTolerance = 1e-6;

    /// <summary>
    /// Tolerances from their text: one number for every metric (<c>1e-6</c>), and/or <c>metric=number</c> pairs separated
    /// by commas (<c>auc=0.01,rmse=0.5</c>) for the ones named.
    /// </summary>
    /// <exception cref="MlopsException">InvalidArgument naming the part that is not a non-negative number.</exception>
    public static (double Default, IReadOnlyDictionary<string, double> PerMetric) ParseTolerances(IEnumerable<string> texts)
    {
        var all = DefaultTolerance;
        var per = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var part in texts.SelectMany(t => t.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            var at = part.IndexOf('=');
            var number = at < 0 ? part : part[(at + 1)..].Trim();
            if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < 0 || !double.IsFinite(value))
                throw MlopsException.Invalid($"--tolerance {part}: give a non-negative number (1e-6) or metric=number pairs (auc=0.01,rmse=0.5).");
            if (at < 0) all = value;
            else per[part[..at].Trim()] = value;
        }
        return (all, per);
    }

    /// <summary>The rows of the check, params first, each kind in key order.</summary>
    public static IReadOnlyList<ReproductionRow> Compare(RunDetails original, RunDetails reproduction, double tolerance, IReadOnlyDictionary<string, double> perMetric)
    {
        var rows = new List<ReproductionRow>();
        foreach (var key in original.Params.Keys.Union(reproduction.Params.Keys).Order(StringComparer.Ordinal))
        {
            var (a, b) = (original.Params.GetValueOrDefault(key), reproduction.Params.GetValueOrDefault(key));
            rows.Add(new ReproductionRow("param", key, a, b, null, null, a == b));
        }
        var before = original.Metrics.ToDictionary(m => m.Key, m => m.Latest);
        var after = reproduction.Metrics.ToDictionary(m => m.Key, m => m.Latest);
        foreach (var key in before.Keys.Union(after.Keys).Order(StringComparer.Ordinal))
        {
            var named = perMetric.TryGetValue(key, out var own);
            var timing = !named && IsTiming(key);
            var limit = named ? own : tolerance;
            var has = (before.TryGetValue(key, out var a), after.TryGetValue(key, out var b));
            var difference = has is (true, true) ? b - a : (double?)null;
            var within = timing || (difference is { } d && (Math.Abs(d) <= limit || (double.IsNaN(a) && double.IsNaN(b))));
            rows.Add(new ReproductionRow(timing ? "timing" : "metric", key, has.Item1 ? Text(a) : null, has.Item2 ? Text(b) : null, difference, timing ? null : limit, within));
        }
        return rows;
    }

    private static bool IsTiming(string key) =>
        key.EndsWith("_seconds", StringComparison.Ordinal) || key.EndsWith("_ms", StringComparison.Ordinal) || key is "seconds" or "duration" || key.EndsWith(".duration", StringComparison.Ordinal);

    private static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}

using System.Globalization;

namespace Mlops;

/// <summary>
/// A promotion gate: metric comparisons joined by <c>and</c>/<c>or</c> (and parentheses), each side a number, a metric
/// of the candidate (<c>auc</c>) or of the model holding the alias (<c>champion.auc</c> for alias <c>champion</c>),
/// or sums and products of those: <c>auc &gt;= champion.auc + 0.005 and log_loss &lt;= champion.log_loss</c>.
/// Metrics are computed by re-scoring both models on the pinned data. With no incumbent, the terms that name it are
/// skipped and said so.
/// </summary>
public sealed class Gate
{
    private readonly GateNode _root;

    private Gate(string text, GateNode root, IReadOnlyList<string> metrics)
    {
        Text = text;
        _root = root;
        Metrics = metrics;
    }

    /// <summary>The gate as written.</summary>
    public string Text { get; }

    /// <summary>The metric names the gate reads (canonical names, aliases resolved).</summary>
    public IReadOnlyList<string> Metrics { get; }

    /// <summary>Parses a gate for a promotion to <paramref name="alias"/>.</summary>
    /// <param name="text">The gate.</param>
    /// <param name="alias">The alias being moved; <c>alias.metric</c> names the incumbent's metric.</param>
    /// <param name="metricNames">Metric names the task has.</param>
    /// <param name="shortNames">Short names and what they stand for (<c>auc</c> → <c>area_under_roc_curve</c>).</param>
    /// <exception cref="MlopsException">InvalidArgument with a caret under the mistake.</exception>
    public static Gate Parse(string text, string alias, IReadOnlyCollection<string> metricNames, IReadOnlyDictionary<string, string> shortNames)
    {
        if (string.IsNullOrWhiteSpace(text)) throw Error(text ?? "", 0, $"the gate is empty; write comparisons such as \"auc >= {alias}.auc\"");
        var parser = new GateParser(text, GateLexer.Tokenize(text), alias, metricNames, shortNames);
        var root = parser.Parse();
        return new Gate(text, root, parser.Used.ToList());
    }

    /// <summary>Evaluates the gate on both models' metrics (incumbent null: there is none).</summary>
    public GateResult Evaluate(IReadOnlyDictionary<string, double> candidate, IReadOnlyDictionary<string, double>? incumbent)
    {
        var terms = new List<GateTermResult>();
        var passed = _root.Evaluate(candidate, incumbent, terms);
        return new GateResult(passed ?? true, terms, passed is null);
    }

    internal static MlopsException Error(string text, int position, string message) =>
        new(MlopsErrorKind.InvalidArgument, $"invalid gate: {message}\n  {text}\n  {new string(' ', Math.Clamp(position, 0, text.Length))}^");

    internal static string Format(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}

/// <summary>A gate's verdict: passed (true when every term was skipped), each term's values, and whether all were skipped.</summary>
public sealed record GateResult(bool Passed, IReadOnlyList<GateTermResult> Terms, bool AllSkipped);

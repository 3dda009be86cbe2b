using System.Reflection;
using System.Text;
using Microsoft.ML.Data;

namespace Mlops.MLNet;

/// <summary>
/// ML.NET evaluation metrics by name: each metrics class's number-valued properties in snake_case
/// (<c>AreaUnderRocCurve</c> → <c>area_under_roc_curve</c>, <c>RSquared</c> → <c>r_squared</c>), plus the short names
/// <c>auc</c> and <c>rmse</c>. The same names are used for gates and for metrics logged to runs.
/// </summary>
public static class MlNetMetrics
{
    /// <summary>Short names and what they stand for.</summary>
    public static readonly IReadOnlyDictionary<string, string> Short = new Dictionary<string, string>
    {
        ["auc"] = "area_under_roc_curve",
        ["rmse"] = "root_mean_squared_error",
    };

    private static readonly Dictionary<ModelTask, IReadOnlyList<string>> ByTask = new()
    {
        [ModelTask.Regression] = Names(typeof(RegressionMetrics)),
        [ModelTask.BinaryClassification] = Names(typeof(CalibratedBinaryClassificationMetrics)),
        [ModelTask.MulticlassClassification] = Names(typeof(MulticlassClassificationMetrics)),
        [ModelTask.Unknown] = [],
    };

    /// <summary>The metric names of a task (for binary classification, calibrated models' log-loss included).</summary>
    public static IReadOnlyList<string> For(ModelTask task) => ByTask[task];

    /// <summary>A metrics object's number-valued properties by snake_case name.</summary>
    public static Dictionary<string, double> Of(object metrics) =>
        Properties(metrics.GetType()).ToDictionary(p => SnakeCase(p.Name), p => (double)p.GetValue(metrics)!, StringComparer.Ordinal);

    /// <summary><c>AreaUnderRocCurve</c> → <c>area_under_roc_curve</c>, <c>F1Score</c> → <c>f1_score</c>, <c>RSquared</c> → <c>r_squared</c>.</summary>
    public static string SnakeCase(string name)
    {
        var text = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c) && i > 0 && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]))))
                text.Append('_');
            text.Append(char.ToLowerInvariant(c));
        }
        return text.ToString();
    }

    private static IReadOnlyList<string> Names(Type type) => Properties(type).Select(p => SnakeCase(p.Name)).Order(StringComparer.Ordinal).ToList();

    private static IEnumerable<PropertyInfo> Properties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.PropertyType == typeof(double));
}

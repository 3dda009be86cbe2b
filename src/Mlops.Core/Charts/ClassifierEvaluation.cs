namespace Mlops;

/// <summary>
/// What a classifier's evaluation shows beyond its metrics: the confusion matrix (rows: actual class, columns:
/// predicted) and, for binary classifiers, the ROC and precision-recall curves.
/// </summary>
public sealed record ClassifierEvaluation(
    IReadOnlyList<string> Classes,
    IReadOnlyList<IReadOnlyList<double>> Counts,
    IReadOnlyList<double>? FalsePositiveRate = null,
    IReadOnlyList<double>? TruePositiveRate = null,
    IReadOnlyList<double>? Recall = null,
    IReadOnlyList<double>? Precision = null)
{
    /// <summary>The confusion matrix, and the ROC and PR curves when there are any.</summary>
    public IReadOnlyList<ChartSpec> Charts()
    {
        var charts = new List<ChartSpec> { new HeatmapChart("confusion matrix", Classes, Classes, Counts, "actual", "predicted") };
        if (FalsePositiveRate is { } fpr && TruePositiveRate is { } tpr)
            charts.Add(new LineChart("ROC curve", [new LineSeries("ROC", fpr, tpr), new LineSeries("chance", [0, 1], [0, 1])], "false positive rate", "true positive rate"));
        if (Recall is { } recall && Precision is { } precision)
            charts.Add(new LineChart("precision-recall curve", [new LineSeries("PR", recall, precision)], "recall", "precision"));
        return charts;
    }
}

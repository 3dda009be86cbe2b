using Microsoft.ML;
using Microsoft.ML.Data;

namespace Mlops.MLNet;

/// <summary>Confusion matrices and ROC/PR curves of scored data, for the charts of a classifier's evaluation.</summary>
internal static class ClassifierCurves
{
    private const int MaxPoints = 200;

    /// <summary>A binary classifier's confusion matrix (positive first) and its ROC and PR curves.</summary>
    public static ClassifierEvaluation Binary(IDataView scored, string label, ConfusionMatrix matrix)
    {
        var labels = Labels(scored, label);
        var scores = scored.GetColumn<float>("Score").ToArray();
        var (fpr, tpr, recall, precision) = Curves(labels, scores);
        return new ClassifierEvaluation(["true", "false"], Counts(matrix), fpr, tpr, recall, precision);
    }

    /// <summary>A multiclass classifier's confusion matrix, classes named by the label's key values.</summary>
    public static ClassifierEvaluation Multiclass(IDataView scored, string label, ConfusionMatrix matrix)
    {
        var names = new VBuffer<ReadOnlyMemory<char>>();
        var column = scored.Schema[label];
        var classes = column.HasKeyValues() && column.Type is KeyDataViewType
            ? Read(column, ref names)
            : Enumerable.Range(0, matrix.NumberOfClasses).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        return new ClassifierEvaluation(classes.Take(matrix.NumberOfClasses).ToList(), Counts(matrix));
    }

    private static List<string> Read(DataViewSchema.Column column, ref VBuffer<ReadOnlyMemory<char>> names)
    {
        column.GetKeyValues(ref names);
        return names.DenseValues().Select(v => v.ToString()).ToList();
    }

    private static IReadOnlyList<IReadOnlyList<double>> Counts(ConfusionMatrix matrix) =>
        matrix.Counts.Select(row => (IReadOnlyList<double>)row.ToList()).ToList();

    private static bool[] Labels(IDataView scored, string label)
    {
        var type = scored.Schema[label].Type;
        if (type is BooleanDataViewType) return scored.GetColumn<bool>(label).ToArray();
        return scored.GetColumn<float>(label).Select(v => v > 0).ToArray();
    }

    /// <summary>ROC and PR points at every distinct score, thinned to at most 200 points each.</summary>
    internal static (double[] Fpr, double[] Tpr, double[] Recall, double[] Precision) Curves(bool[] labels, float[] scores)
    {
        var order = Enumerable.Range(0, scores.Length).OrderByDescending(i => scores[i]).ToArray();
        double positives = labels.Count(l => l), negatives = labels.Length - positives;
        var fpr = new List<double> { 0 };
        var tpr = new List<double> { 0 };
        var recall = new List<double>();
        var precision = new List<double>();
        double tp = 0, fp = 0;
        for (var k = 0; k < order.Length; k++)
        {
            if (labels[order[k]]) tp++; else fp++;
            if (k + 1 < order.Length && scores[order[k + 1]] == scores[order[k]]) continue;
            fpr.Add(negatives == 0 ? 0 : fp / negatives);
            tpr.Add(positives == 0 ? 0 : tp / positives);
            recall.Add(positives == 0 ? 0 : tp / positives);
            precision.Add(tp / (tp + fp));
        }
        return (Thin(fpr), Thin(tpr), Thin(recall), Thin(precision));
    }

    private static double[] Thin(List<double> values)
    {
        if (values.Count <= MaxPoints) return values.ToArray();
        var step = (values.Count - 1) / (double)(MaxPoints - 1);
        return Enumerable.Range(0, MaxPoints).Select(i => values[(int)Math.Round(i * step)]).ToArray();
    }
}

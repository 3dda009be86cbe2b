using Microsoft.ML;

namespace Mlops.MLNet.Tests;

/// <summary>A store with a holdout and two churn classifiers registered: what tests that promote need first.</summary>
public static class ChurnModels
{
    /// <summary>
    /// Commits <c>holdout@1</c>, fits two classifiers in runs "a" (tenure) and "b" (tenure and calls), registers
    /// <paramref name="model"/> from the runs <paramref name="versions"/> names, in order, and points @champion at version 1.
    /// </summary>
    public static void Register(MlopsClient client, string model, params string[] versions)
    {
        client.Datasets.Commit("holdout", TrainingData.Customers(300, seed: 2));
        var ml = new MLContext(seed: 0);
        var train = ml.Data.LoadFromEnumerable(TrainingData.Customers(300, seed: 1));
        using (var run = client.StartRun("a"))
            run.Fit(ml, ml.Transforms.Concatenate("Features", "Tenure").Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression()), train);
        using (var run = client.StartRun("b"))
            run.Fit(ml, ml.Transforms.Concatenate("Features", "Tenure", "Calls").Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression()), train);
        var runs = client.ListRuns();
        foreach (var run in versions) client.Models.Register(model, runs.Single(r => r.Info.Name == run).Info.Id.Value);
        client.Models.SetAlias(model, 1, "champion");
    }
}

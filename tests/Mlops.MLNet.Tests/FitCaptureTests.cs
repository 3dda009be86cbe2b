using Microsoft.ML;

namespace Mlops.MLNet.Tests;

/// <summary>Fitting inside a run records the trainer and its options, the training time, evaluation metrics and the model.</summary>
public sealed class FitCaptureTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly MlopsClient _client;
    private readonly MLContext _ml = new(seed: 0);

    public FitCaptureTests() => _client = MlopsClient.Open(_folder.Path);

    private RunDetails Recorded(TrainedModel trained) => _client.GetRun(trained.Run);

    [Fact]
    public void A_regression_fit_records_trainer_options_time_metrics_and_the_model_with_its_schema()
    {
        var train = _ml.Data.LoadFromEnumerable(TrainingData.Houses(600, seed: 1));
        var test = _ml.Data.LoadFromEnumerable(TrainingData.Houses(200, seed: 2));
        var pipeline = _ml.Transforms.Concatenate("Features", "Size", "Rooms", "Age")
            .Append(_ml.Transforms.NormalizeMeanVariance("Features"))
            .Append(_ml.Regression.Trainers.Sdca(maximumNumberOfIterations: 50, l2Regularization: 0.01f));

        TrainedModel trained;
        using (var run = _client.StartRun("houses")) trained = run.Fit(_ml, pipeline, train, test);
        var run_ = Recorded(trained);
        var metrics = run_.Metrics.ToDictionary(m => m.Key, m => m.Latest);

        Assert.Equal("ColumnConcatenatingEstimator > NormalizingEstimator > SdcaRegressionTrainer", run_.Params["pipeline"]);
        Assert.Equal("SdcaRegressionTrainer", run_.Params["trainer"]);
        Assert.Equal("50", run_.Params["trainer.maximum_number_of_iterations"]);
        Assert.Equal("0.01", run_.Params["trainer.l2_regularization"]);
        Assert.Equal("Label", run_.Params["label"]);
        Assert.Equal("test", run_.Params["evaluated_on"]);
        foreach (var metric in MlNetMetrics.For(ModelTask.Regression).Append("training_seconds"))
            Assert.Contains(metric, metrics.Keys);
        Assert.True(metrics["r_squared"] > 0.9, $"r_squared {metrics["r_squared"]}");
        Assert.Equal(trained.Metrics["root_mean_squared_error"], metrics["root_mean_squared_error"]);
        Assert.True(metrics["training_seconds"] > 0);
        Assert.Contains(run_.Artifacts, a => a.Name == "model.zip" && a.Size > 0);

        var signature = trained.Summary.Signature;
        Assert.Equal(ModelTask.Regression, signature.Task);
        Assert.Equal(["Size", "Rooms", "Age", "Label"], signature.Inputs.Select(c => c.Name));
        Assert.All(signature.Inputs, c => Assert.Equal("Single", c.Type));
        Assert.Contains(signature.Outputs, c => c is { Name: "Score", Type: "Single" });
        Assert.Null(trained.Summary.Evaluation);
        Assert.DoesNotContain(run_.Artifacts, a => a.Name == "evaluation.json");
    }

    [Fact]
    public void A_binary_fit_records_calibrated_metrics_and_a_confusion_matrix_with_ROC_and_PR_curves()
    {
        var data = TrainingData.Customers(700, seed: 4);
        var train = _ml.Data.LoadFromEnumerable(data.Take(500));
        var test = _ml.Data.LoadFromEnumerable(data.Skip(500));
        var pipeline = _ml.Transforms.Categorical.OneHotEncoding("PlanKey", "Plan")
            .Append(_ml.Transforms.Concatenate("Features", "Tenure", "Spend", "Calls", "PlanKey"))
            .Append(_ml.BinaryClassification.Trainers.LbfgsLogisticRegression(l1Regularization: 0.5f));

        TrainedModel trained;
        using (var run = _client.StartRun("churn")) trained = run.Fit(_ml, pipeline, train, test);
        var run_ = Recorded(trained);
        var metrics = run_.Metrics.ToDictionary(m => m.Key, m => m.Latest);

        Assert.Equal("LbfgsLogisticRegressionBinaryTrainer", run_.Params["trainer"]);
        Assert.Equal("0.5", run_.Params["trainer.l1_regularization"]);
        foreach (var metric in MlNetMetrics.For(ModelTask.BinaryClassification))
            Assert.Contains(metric, metrics.Keys);
        Assert.InRange(metrics["area_under_roc_curve"], 0.75, 1);
        Assert.Equal(ModelTask.BinaryClassification, trained.Summary.Signature.Task);

        var evaluation = trained.Summary.Evaluation!;
        Assert.Equal(["true", "false"], evaluation.Classes);
        Assert.Contains(run_.Artifacts, a => a.Name == "evaluation.json");
        Assert.Equal(200, evaluation.Counts.Sum(row => row.Sum()));
        Assert.Equal(0, evaluation.FalsePositiveRate![0]);
        Assert.Equal(1, evaluation.FalsePositiveRate[^1], 9);
        Assert.Equal(1, evaluation.TruePositiveRate![^1], 9);
        Assert.Equal(1, evaluation.Recall![^1], 9);
        Assert.True(evaluation.FalsePositiveRate.Zip(evaluation.FalsePositiveRate.Skip(1)).All(p => p.First <= p.Second));
        Assert.Equal(["confusion matrix", "ROC curve", "precision-recall curve"], evaluation.Charts().Select(c => c.Title));
        var auc = Trapezoid(evaluation.FalsePositiveRate, evaluation.TruePositiveRate);
        Assert.Equal(metrics["area_under_roc_curve"], auc, 2);
    }

    [Fact]
    public void A_multiclass_fit_records_micro_and_macro_accuracy_and_a_confusion_matrix_named_by_class()
    {
        var train = _ml.Data.LoadFromEnumerable(TrainingData.Flowers(300, seed: 5));
        var pipeline = _ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(_ml.Transforms.Concatenate("Features", "A", "B", "C"))
            .Append(_ml.MulticlassClassification.Trainers.SdcaMaximumEntropy())
            .Append(_ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));

        TrainedModel trained;
        using (var run = _client.StartRun("flowers")) trained = run.Fit(_ml, pipeline, train);
        var run_ = Recorded(trained);
        var metrics = run_.Metrics.ToDictionary(m => m.Key, m => m.Latest);

        Assert.Equal("SdcaMaximumEntropyMulticlassTrainer", run_.Params["trainer"]);
        Assert.Equal("train", run_.Params["evaluated_on"]);
        Assert.InRange(metrics["micro_accuracy"], 0.8, 1);
        Assert.Contains("macro_accuracy", metrics.Keys);
        Assert.Contains("log_loss", metrics.Keys);
        Assert.Equal(ModelTask.MulticlassClassification, trained.Summary.Signature.Task);
        var evaluation = trained.Summary.Evaluation!;
        Assert.Equal(["setosa", "versicolor", "virginica"], evaluation.Classes);
        Assert.Equal(300, evaluation.Counts.Sum(row => row.Sum()));
        Assert.Null(evaluation.FalsePositiveRate);
        Assert.Single(evaluation.Charts());
    }

    [Fact]
    public void Fitting_in_an_ended_run_or_to_a_non_zip_artifact_is_refused_before_training()
    {
        var train = _ml.Data.LoadFromEnumerable(TrainingData.Houses(50, seed: 1));
        var pipeline = _ml.Transforms.Concatenate("Features", "Size").Append(_ml.Regression.Trainers.Sdca());
        var run = _client.StartRun("ended");
        var e = Assert.Throws<MlopsException>(() => run.Fit(_ml, pipeline, train, artifact: "model.bin"));
        Assert.Contains("must end in .zip", e.Message);
        run.End();
        Assert.Contains("has ended", Assert.Throws<MlopsException>(() => run.Fit(_ml, pipeline, train)).Message);
        Assert.Empty(_client.GetRun(run.Id.Value).Params);
    }

    private static double Trapezoid(IReadOnlyList<double> x, IReadOnlyList<double> y) =>
        Enumerable.Range(1, x.Count - 1).Sum(i => (x[i] - x[i - 1]) * (y[i] + y[i - 1]) / 2);

    public void Dispose()
    {
        _client.Dispose();
        _folder.Dispose();
    }
}

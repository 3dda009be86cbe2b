using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Mlops.MLNet;

/// <summary>Fitting ML.NET pipelines inside a run, recording what a model card needs.</summary>
public static class RunFitExtensions
{
    /// <summary>The artifact holding a classifier's confusion matrix and curves.</summary>
    public const string EvaluationArtifact = "evaluation.json";

    /// <summary>Reads a classifier evaluation written by <see cref="Fit"/>.</summary>
    public static ClassifierEvaluation? ReadEvaluation(Stream json) => JsonSerializer.Deserialize<ClassifierEvaluation>(json);

    /// <summary>
    /// Fits <paramref name="pipeline"/> on <paramref name="train"/> and records on the run: params <c>pipeline</c>,
    /// <c>trainer</c>, <c>trainer.&lt;option&gt;</c> and <c>label</c>; metrics <c>training_seconds</c> and the
    /// evaluation metrics (on <paramref name="test"/>, else on the training data) in snake_case; the model as artifact
    /// <c>model.zip</c> with its input schema. Classifiers also get a confusion matrix and (binary) ROC and PR curves,
    /// kept as artifact <c>evaluation.json</c>.
    /// </summary>
    /// <param name="run">The run to record on.</param>
    /// <param name="ml">The ML context.</param>
    /// <param name="pipeline">The estimator (or chain) to fit.</param>
    /// <param name="train">Training data.</param>
    /// <param name="test">Held-out data to evaluate on; none: the training data.</param>
    /// <param name="label">The label column; by default the trainer's, else <c>Label</c>.</param>
    /// <param name="artifact">The artifact name of the model (a .zip).</param>
    /// <exception cref="MlopsException">InvalidArgument when the run has ended or the names are invalid; ML.NET's own
    /// exceptions when fitting fails (then nothing but the params is recorded).</exception>
    public static TrainedModel Fit(this ActiveRun run, MLContext ml, IEstimator<ITransformer> pipeline, IDataView train,
        IDataView? test = null, string? label = null, string artifact = "model.zip")
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(ml);
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(train);
        if (run.IsEnded) throw new MlopsException(MlopsErrorKind.InvalidState, $"{run} has ended; fit inside an open run.");
        if (!artifact.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
            throw Errors.Invalid($"the model artifact '{artifact}' must end in .zip (ML.NET saves models as zip files).");

        var estimators = TrainerParams.Estimators(pipeline);
        var labelColumn = label ?? TrainerParams.LabelColumn(TrainerParams.Trainer(estimators)) ?? "Label";
        var parameters = TrainerParams.Of(estimators);
        parameters["label"] = labelColumn;
        parameters["evaluated_on"] = test is null ? "train" : "test";
        run.LogParams(parameters.ToList());

        var clock = Stopwatch.StartNew();
        var model = pipeline.Fit(train);
        var seconds = clock.Elapsed.TotalSeconds;

        var signature = Signatures.Of(model, train.Schema, labelColumn);
        var (metrics, evaluation) = Evaluate(ml, model, signature, test ?? train);
        metrics["training_seconds"] = seconds;
        run.LogMetrics(metrics.Where(m => m.Key != "training_seconds").OrderBy(m => m.Key, StringComparer.Ordinal), 0);
        run.LogMetric("training_seconds", seconds, 0);

        var folder = Directory.CreateTempSubdirectory("mlops-model-");
        try
        {
            var path = Path.Combine(folder.FullName, artifact.Replace('/', '_'));
            ml.Model.Save(model, train.Schema, path);
            var stored = run.LogArtifact(path, artifact).Single();
            if (evaluation is not null)
            {
                // kept with the run so that the model card can draw the confusion matrix and curves again
                var json = Path.Combine(folder.FullName, EvaluationArtifact);
                File.WriteAllText(json, JsonSerializer.Serialize(evaluation));
                run.LogArtifact(json, EvaluationArtifact);
            }
            run.Flush();
            var summary = new FitSummary(run.Id, run.Name, signature, parameters, metrics, seconds, test is null ? "train" : "test", stored, evaluation);
            return new TrainedModel(summary, model, train.Schema, ml);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static (Dictionary<string, double> Metrics, ClassifierEvaluation? Evaluation) Evaluate(MLContext ml, ITransformer model, ModelSignature signature, IDataView data)
    {
        if (signature.Label is not { } label || signature.Task == ModelTask.Unknown) return (new Dictionary<string, double>(StringComparer.Ordinal), null);
        var scored = model.Transform(data);
        var metrics = MlNetModelEvaluator.Evaluate(ml, scored, label, signature.Task);
        var evaluation = metrics switch
        {
            BinaryClassificationMetrics binary => ClassifierCurves.Binary(scored, label, binary.ConfusionMatrix),
            MulticlassClassificationMetrics multi => ClassifierCurves.Multiclass(scored, label, multi.ConfusionMatrix),
            _ => null,
        };
        return (MlNetMetrics.Of(metrics), evaluation);
    }

    internal static string Seconds(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}

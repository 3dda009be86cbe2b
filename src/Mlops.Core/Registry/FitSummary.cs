namespace Mlops;

/// <summary>
/// What fitting a model inside a run recorded: the run, the model's signature, the params (pipeline, trainer and its
/// options), the training time, the evaluation metrics and what they were measured on, the model artifact, and for
/// classifiers the confusion matrix and curves.
/// </summary>
public sealed record FitSummary(
    RunId Run,
    string RunName,
    ModelSignature Signature,
    IReadOnlyDictionary<string, string> Params,
    IReadOnlyDictionary<string, double> Metrics,
    double TrainingSeconds,
    string EvaluatedOn,
    ArtifactInfo Artifact,
    ClassifierEvaluation? Evaluation);

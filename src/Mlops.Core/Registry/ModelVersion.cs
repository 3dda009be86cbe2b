namespace Mlops;

/// <summary>
/// A registered model version: numbered per model, pointing at the bytes of an artifact of its source run (by digest),
/// with its signature, the run's metrics and params, and the dataset versions the run used.
/// </summary>
public sealed record ModelVersion(
    string Model,
    int Version,
    RunId Run,
    string Artifact,
    string Digest,
    long Size,
    ModelSignature Signature,
    IReadOnlyDictionary<string, double> Metrics,
    IReadOnlyDictionary<string, string> Params,
    IReadOnlyList<RunInput> Inputs,
    string? Description,
    string CreatedBy,
    DateTimeOffset CreatedAt)
{
    /// <summary>The aliases pointing at this version when it was read.</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>When the version was deleted (it is kept, for the decisions that name it); null while it is not.</summary>
    public DateTimeOffset? DeletedAt { get; init; }

    /// <summary><c>name/3</c>.</summary>
    public string Reference => $"{Model}/{Version}";
}

/// <summary>A model with its latest version and its aliases.</summary>
public sealed record ModelSummary(string Name, int Versions, int LatestVersion, IReadOnlyDictionary<string, int> Aliases, ModelTask Task, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>A model: its versions (newest first) and decisions (oldest first).</summary>
public sealed record ModelDetails(ModelSummary Summary, IReadOnlyList<ModelVersion> Versions, IReadOnlyList<PromotionDecision> Decisions);

/// <summary>
/// A model card: one version, with the model it belongs to (its other versions and every decision) and, for a classifier
/// fitted with Mlops.MLNet, the confusion matrix and curves of its evaluation at training time.
/// </summary>
public sealed record ModelCard(ModelVersion Version, ModelDetails Model, ClassifierEvaluation? Evaluation = null);

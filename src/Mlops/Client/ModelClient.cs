using Mlops.MLNet;

namespace Mlops;

/// <summary>
/// The model registry for C#: register the model a run logged, list and inspect models, set aliases, promote on
/// evidence (both models re-scored on a pinned dataset version, a gate, an audit trail), and load versions to predict.
/// </summary>
/// <example><code>
/// var v = MLOps.Models.Register("churn", trained.Run);
/// var result = MLOps.Models.Promote("churn", v.Version, "champion", on: "customers@3", gate: "auc >= champion.auc + 0.005");
/// var champion = MLOps.Models.Load("churn@champion");
/// var p = champion.Predict&lt;Customer, ChurnPrediction&gt;(customer);
/// </code></example>
public sealed class ModelClient
{
    private readonly TrackingService _tracking;

    internal ModelClient(ModelService service, TrackingService tracking)
    {
        Service = service;
        _tracking = tracking;
    }

    /// <summary>The service underneath.</summary>
    public ModelService Service { get; }

    /// <summary>Deletes a version (<c>name/3</c>); refused while an alias points at it. See <see cref="ModelService.DeleteVersion"/>.</summary>
    public ModelVersion Delete(string reference) => Service.DeleteVersion(reference);

    /// <summary>Registers the model a run logged as the next version of <paramref name="model"/>.</summary>
    public ModelVersion Register(string model, string run, string? artifact = null, string? label = null, string? description = null) =>
        Service.Register(model, run, artifact, label, description);

    /// <summary>Registers the model <paramref name="trained"/> logged.</summary>
    public ModelVersion Register(string model, TrainedModel trained, string? description = null) =>
        Service.Register(model, trained.Run, trained.Summary.Artifact.Name, trained.Summary.Signature.Label, description);

    /// <summary>Every model with its latest version and aliases.</summary>
    public IReadOnlyList<ModelSummary> List() => Service.List();

    /// <summary>A model's versions and decisions.</summary>
    public ModelDetails Get(string model) => Service.Get(model);

    /// <summary>Resolves <c>name</c>, <c>name/3</c> or <c>name@alias</c>.</summary>
    public ModelVersion Resolve(string reference) => Service.Resolve(reference);

    /// <summary>A model card: a version with the model's decisions.</summary>
    public ModelCard Card(string reference)
    {
        var version = Service.Resolve(reference);
        return new ModelCard(version, Service.Get(version.Model), Evaluation(version));
    }

    private ClassifierEvaluation? Evaluation(ModelVersion version)
    {
        try
        {
            using var json = _tracking.OpenArtifact(version.Run.Value, RunFitExtensions.EvaluationArtifact);
            return RunFitExtensions.ReadEvaluation(json);
        }
        catch (MlopsException e) when (e.Kind == MlopsErrorKind.NotFound)
        {
            return null;   // not fitted with Fit, or not a classifier: the card shows no charts
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new MlopsException(MlopsErrorKind.Corrupted,
                $"the evaluation of {version.Model}/{version.Version} ({RunFitExtensions.EvaluationArtifact} of run {version.Run.Short}) is not readable JSON: {e.Message}", e);
        }
    }

    /// <summary>Points an alias at a version directly (an ungated decision in the history).</summary>
    public PromotionResult SetAlias(string model, int version, string alias, string? reason = null) => Service.SetAlias(model, version, alias, reason);

    /// <summary>Promotes a version to an alias if the gate passes on the pinned dataset version (see <see cref="ModelService.Promote"/>).</summary>
    public PromotionResult Promote(string model, int version, string alias, string on, string? gate = null, bool force = false, string? reason = null) =>
        Service.Promote(model, version, alias, on, gate, force, reason);

    /// <summary>Loads a version (<c>name@champion</c>, <c>name/3</c>, <c>name</c>) ready to predict.</summary>
    public LoadedModel Load(string reference) => LoadedModel.From(Service.Open(reference));

    /// <summary>A model's versions, alias moves and decisions, for the timeline.</summary>
    public ModelDetails History(string model) => Service.History(model);
}

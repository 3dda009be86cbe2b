using Microsoft.ML;

namespace Mlops.MLNet;

/// <summary>
/// A model fitted inside a run: what was recorded (<see cref="Summary"/>) and the fitted model, ready to predict.
/// Register it with <c>#!model register &lt;name&gt; --run &lt;run-id&gt;</c> or <c>Models.Register(name, trained.Run)</c>.
/// </summary>
public sealed class TrainedModel(FitSummary summary, ITransformer model, DataViewSchema inputSchema, MLContext ml)
    : PredictiveModel(model, inputSchema, ml)
{
    /// <summary>What the fit recorded.</summary>
    public FitSummary Summary { get; } = summary;

    /// <summary>The run the model was fitted in.</summary>
    public string Run => Summary.Run.Value;

    /// <summary>The evaluation metrics, by snake_case name.</summary>
    public IReadOnlyDictionary<string, double> Metrics => Summary.Metrics;

    /// <inheritdoc/>
    public override string ToString() => $"{Summary.Signature.TaskName} model fitted in run {Summary.Run.Short} in {RunFitExtensions.Seconds(Summary.TrainingSeconds)} s";
}

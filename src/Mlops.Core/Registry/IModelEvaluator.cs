namespace Mlops;

/// <summary>
/// What the registry needs from an ML library: read a saved model's signature, name its task's metrics, and re-score
/// models on data. Mlops.MLNet implements it for ML.NET.
/// </summary>
public interface IModelEvaluator
{
    /// <summary>Short metric names and what they stand for (<c>auc</c> → <c>area_under_roc_curve</c>).</summary>
    IReadOnlyDictionary<string, string> ShortNames { get; }

    /// <summary>The metric names evaluation gives for a task.</summary>
    IReadOnlyList<string> MetricNames(ModelTask task);

    /// <summary>Reads a saved model's signature; <paramref name="label"/> names the label column when known.</summary>
    /// <exception cref="MlopsException">InvalidArgument when the bytes are not a model this library can load.</exception>
    ModelSignature Inspect(Stream model, string? label);

    /// <summary>
    /// Scores each model on the same rows and evaluates its predictions against its label; returns each model's metrics
    /// by name, in the order given. <paramref name="data"/> holds every column the models read (<see cref="ModelSignature.InputsOf"/>)
    /// and may still be filling: scoring may start on the rows already in.
    /// </summary>
    /// <exception cref="MlopsException">The data's read failure, as the store gave it.</exception>
    IReadOnlyList<IReadOnlyDictionary<string, double>> Evaluate(IReadOnlyList<(Stream Model, ModelSignature Signature)> models, ColumnStream data);
}

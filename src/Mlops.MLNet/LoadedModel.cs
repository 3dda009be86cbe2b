using Microsoft.ML;

namespace Mlops.MLNet;

/// <summary>A registered model version loaded from the store (its bytes checked against their digest), ready to predict.</summary>
public sealed class LoadedModel(ModelVersion version, ITransformer model, DataViewSchema inputSchema, MLContext ml)
    : PredictiveModel(model, inputSchema, ml)
{
    /// <summary>The version loaded.</summary>
    public ModelVersion Version { get; } = version;

    /// <summary>Loads model bytes read from the registry.</summary>
    /// <exception cref="MlopsException">InvalidArgument when the bytes are not an ML.NET model.</exception>
    public static LoadedModel From(ModelBytes bytes, MLContext? ml = null)
    {
        ml ??= new MLContext(seed: 0);
        using var stream = bytes.Open();
        var (model, schema) = MlNetModelEvaluator.Load(ml, stream);
        return new LoadedModel(bytes.Version, model, schema, ml);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Version.Reference} ({Version.Signature.TaskName}, run {Version.Run.Short})";
}

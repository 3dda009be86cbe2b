using Microsoft.ML;
using Microsoft.ML.Data;

namespace Mlops.MLNet;

/// <summary>The registry's ML.NET side: signatures of saved models, and re-scoring models on a dataset version.</summary>
public sealed class MlNetModelEvaluator : IModelEvaluator
{
    // one context for the evaluator's life: a new one builds its component catalog again on the first model it loads (~20 ms)
    private readonly MLContext _ml = new(seed: 0);

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, string> ShortNames => MlNetMetrics.Short;

    /// <inheritdoc/>
    public IReadOnlyList<string> MetricNames(ModelTask task) => MlNetMetrics.For(task);

    /// <inheritdoc/>
    public ModelSignature Inspect(Stream model, string? label)
    {
        var (transformer, schema) = Load(_ml, model);
        return Signatures.Of(transformer, schema, label);
    }

    /// <inheritdoc/>
    public IReadOnlyList<IReadOnlyDictionary<string, double>> Evaluate(IReadOnlyList<(Stream Model, ModelSignature Signature)> models, ColumnStream data)
    {
        var ml = _ml;
        // the models load while the rows come in, and score as they come (the view's cursors wait for rows not yet in)
        var loaded = models.Select(m => (Transformer: Load(ml, m.Model).Model, m.Signature)).ToList();
        var view = new ColumnarDataView(data);
        try
        {
            // the data is read once; the second model scores on another core while this thread scores the first (one
            // context: its component catalog is built once)
            var others = loaded.Skip(1).Select(m => Task.Run(() => (IReadOnlyDictionary<string, double>)Score(ml, m.Transformer, m.Signature, view))).ToList();
            var first = (IReadOnlyDictionary<string, double>)Score(ml, loaded[0].Transformer, loaded[0].Signature, view);
            return [first, .. others.Select(t => t.GetAwaiter().GetResult())];
        }
        catch (Exception e) when (data.Error is { } failed && !ReferenceEquals(e, failed))
        {
            // the read failed under ML.NET's cursors, which wrap what they throw: the store's own message is the one to give
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failed);
            throw;
        }
    }

    /// <summary>A model's metrics on <paramref name="data"/>, by snake_case name.</summary>
    public static Dictionary<string, double> Score(MLContext ml, ITransformer model, ModelSignature signature, IDataView data)
    {
        var label = signature.Label ?? throw Errors.Invalid("the model has no label column to evaluate against.");
        return MlNetMetrics.Of(Evaluate(ml, model.Transform(data), label, signature.Task));
    }

    /// <summary>
    /// ML.NET's evaluation of scored data for the task: regression, binary (calibrated when there is a Probability
    /// column) or multiclass metrics. Gates and fitted runs use this one choice.
    /// </summary>
    internal static object Evaluate(MLContext ml, IDataView scored, string label, ModelTask task) => task switch
    {
        ModelTask.Regression => ml.Regression.Evaluate(scored, label),
        ModelTask.BinaryClassification when scored.Schema.GetColumnOrNull("Probability") is not null => ml.BinaryClassification.Evaluate(scored, label),
        ModelTask.BinaryClassification => ml.BinaryClassification.EvaluateNonCalibrated(scored, label),
        ModelTask.MulticlassClassification => ml.MulticlassClassification.Evaluate(scored, label),
        _ => throw Errors.Invalid("only regression, binary and multiclass models can be evaluated."),
    };

    internal static (ITransformer Model, DataViewSchema Schema) Load(MLContext ml, Stream model)
    {
        try
        {
            var transformer = ml.Model.Load(model, out var schema);
            return (transformer, schema);
        }
        catch (Exception e) when (e is not MlopsException)
        {
            throw Errors.Invalid($"the file is not an ML.NET model ({e.GetType().Name}: {e.Message}); save one with mlContext.Model.Save(model, data.Schema, path).");
        }
    }
}

using System.Collections.Concurrent;
using Microsoft.Data.Analysis;
using Microsoft.ML;

namespace Mlops.MLNet;

/// <summary>An ML.NET model ready to use: typed predictions, and scoring of whole data views and DataFrames.</summary>
public abstract class PredictiveModel(ITransformer model, DataViewSchema inputSchema, MLContext ml)
{
    private readonly ConcurrentDictionary<(Type, Type), object> _engines = new();
    private readonly Lock _gate = new();

    /// <summary>The fitted ML.NET model.</summary>
    public ITransformer Model { get; } = model;

    /// <summary>The schema the model reads.</summary>
    public DataViewSchema InputSchema { get; } = inputSchema;

    /// <summary>The ML context the model was loaded in.</summary>
    public MLContext Context { get; } = ml;

    /// <summary>Predicts one row: <typeparamref name="TIn"/> has the input columns, <typeparamref name="TOut"/> the outputs wanted (e.g. Score).</summary>
    public TOut Predict<TIn, TOut>(TIn input) where TIn : class where TOut : class, new()
    {
        var engine = (PredictionEngine<TIn, TOut>)_engines.GetOrAdd((typeof(TIn), typeof(TOut)), _ => Context.Model.CreatePredictionEngine<TIn, TOut>(Model, InputSchema));
        lock (_gate) return engine.Predict(input); // a prediction engine is not thread-safe
    }

    /// <summary>Predicts each row.</summary>
    public IReadOnlyList<TOut> Predict<TIn, TOut>(IEnumerable<TIn> inputs) where TIn : class where TOut : class, new() =>
        inputs.Select(Predict<TIn, TOut>).ToList();

    /// <summary>Scores a data view (lazily, as ML.NET does).</summary>
    public IDataView Transform(IDataView data) => Model.Transform(data);

    /// <summary>Scores a DataFrame into a new DataFrame with the model's output columns.</summary>
    public DataFrame Transform(DataFrame data) => Model.Transform(data).ToDataFrame(-1L);
}

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

    private IReadOnlyList<string>? _reads;

    /// <summary>The input columns the model reads to predict (see <see cref="Signatures.Reads"/>); a prediction type needs only these.</summary>
    public IReadOnlyList<string> Reads => _reads ??= Signatures.Reads(Model, InputSchema);

    /// <summary>
    /// Predicts one row: <typeparamref name="TIn"/> has the columns the model reads (<see cref="Reads"/>; others are
    /// not needed), <typeparamref name="TOut"/> the outputs wanted (e.g. Score).
    /// </summary>
    /// <exception cref="MlopsException">InvalidArgument naming the columns <typeparamref name="TIn"/> lacks, or the one whose type does not fit.</exception>
    public TOut Predict<TIn, TOut>(TIn input) where TIn : class where TOut : class, new()
    {
        var engine = (PredictionEngine<TIn, TOut>)_engines.GetOrAdd((typeof(TIn), typeof(TOut)), _ => Engine<TIn, TOut>());
        lock (_gate) return engine.Predict(input); // a prediction engine is not thread-safe
    }

    private PredictionEngine<TIn, TOut> Engine<TIn, TOut>() where TIn : class where TOut : class, new()
    {
        var members = Microsoft.ML.Data.SchemaDefinition.Create(typeof(TIn)).Select(c => c.ColumnName).ToHashSet(StringComparer.Ordinal);
        var missing = Reads.Where(r => !members.Contains(r)).ToList();
        if (missing.Count > 0)
            throw new MlopsException(MlopsErrorKind.InvalidArgument,
                $"{typeof(TIn).Name} lacks {string.Join(", ", missing)}, which the model reads; give it {(missing.Count == 1 ? "a property" : "properties")} of that name " +
                $"(the model reads {string.Join(", ", Reads)}; other columns are not needed).");
        try
        {
            // bound to TIn's own columns, not to every training column: a column the model does not read is not needed
            return Context.Model.CreatePredictionEngine<TIn, TOut>(Model, ignoreMissingColumns: true);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            throw new MlopsException(MlopsErrorKind.InvalidArgument, $"{typeof(TIn).Name} does not fit the model's inputs: {e.Message}", e);
        }
    }

    /// <summary>Predicts each row.</summary>
    public IReadOnlyList<TOut> Predict<TIn, TOut>(IEnumerable<TIn> inputs) where TIn : class where TOut : class, new() =>
        inputs.Select(Predict<TIn, TOut>).ToList();

    /// <summary>Scores a data view (lazily, as ML.NET does).</summary>
    public IDataView Transform(IDataView data) => Model.Transform(data);

    /// <summary>Scores a DataFrame into a new DataFrame with the model's output columns.</summary>
    public DataFrame Transform(DataFrame data) => Model.Transform(data).ToDataFrame(-1L);
}

using Microsoft.ML;
using Microsoft.ML.Data;

namespace Mlops.MLNet;

/// <summary>Model signatures from ML.NET schemas, and the task from ML.NET's output conventions.</summary>
public static class Signatures
{
    /// <summary>The signature of a model saved with <paramref name="inputSchema"/>.</summary>
    public static ModelSignature Of(ITransformer model, DataViewSchema inputSchema, string? label)
    {
        var output = model.GetOutputSchema(inputSchema);
        var labelName = label ?? "Label";
        // the columns the model reads to predict, and the label, which evaluation reads; not every training column
        var reads = Reads(model, inputSchema).ToHashSet(StringComparer.Ordinal);
        var inputs = inputSchema.Where(c => !c.IsHidden && (reads.Contains(c.Name) || c.Name == labelName)).Select(Column).ToList();
        var inputNames = inputs.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var outputs = output.Where(c => !c.IsHidden && !inputNames.Contains(c.Name)).Select(Column).ToList();
        var task = TaskOf(output);
        var labelColumn = label ?? "Label";
        var hasLabel = output.GetColumnOrNull(labelColumn) is { IsHidden: false };
        return new ModelSignature(inputs, outputs, task, hasLabel ? labelColumn : null);
    }

    /// <summary>
    /// The input columns a model reads to predict: those its prediction columns (Score, PredictedLabel, Probability)
    /// depend on, and those without which it cannot be applied at all (a transform of the label, for instance).
    /// </summary>
    public static IReadOnlyList<string> Reads(ITransformer model, DataViewSchema inputSchema)
    {
        var visible = inputSchema.Where(c => !c.IsHidden).ToList();
        HashSet<string> needed;
        try
        {
            var mapper = model.GetRowToRowMapper(inputSchema);
            var predictions = mapper.OutputSchema.Where(c => !c.IsHidden && c.Name is "Score" or "PredictedLabel" or "Probability").ToList();
            if (predictions.Count == 0) return visible.Select(c => c.Name).ToList();
            needed = mapper.GetDependencies(predictions).Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        }
        catch (Exception e) when (e is InvalidOperationException or NotSupportedException or ArgumentException)
        {
            return visible.Select(c => c.Name).ToList();   // not a row-to-row model: assume it reads everything
        }
        foreach (var column in visible.Where(c => !needed.Contains(c.Name)))
            if (!Applies(model, Without(inputSchema, column.Name))) needed.Add(column.Name);
        return visible.Where(c => needed.Contains(c.Name)).Select(c => c.Name).ToList();
    }

    private static bool Applies(ITransformer model, DataViewSchema schema)
    {
        try
        {
            model.GetOutputSchema(schema);
            return true;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            return false;
        }
    }

    private static DataViewSchema Without(DataViewSchema schema, string name)
    {
        var builder = new DataViewSchema.Builder();
        foreach (var column in schema.Where(c => !c.IsHidden && c.Name != name)) builder.AddColumn(column.Name, column.Type, column.Annotations);
        return builder.ToSchema();
    }

    /// <summary>Regression, binary or multiclass classification, from the <c>Score</c> and <c>PredictedLabel</c> columns.</summary>
    public static ModelTask TaskOf(DataViewSchema output)
    {
        var score = output.GetColumnOrNull("Score");
        var predicted = output.GetColumnOrNull("PredictedLabel");
        if (score is null) return ModelTask.Unknown;
        if (predicted is null) return score.Value.Type == NumberDataViewType.Single ? ModelTask.Regression : ModelTask.Unknown;
        if (predicted.Value.Type is BooleanDataViewType) return ModelTask.BinaryClassification;
        // a vector of class scores; PredictedLabel is a key, or its value when the pipeline maps it back (MapKeyToValue)
        if (score.Value.Type is VectorDataViewType) return ModelTask.MulticlassClassification;
        return ModelTask.Unknown;
    }

    /// <summary>A schema column as a signature column.</summary>
    public static SchemaColumn Column(DataViewSchema.Column column) => column.Type switch
    {
        VectorDataViewType vector => new SchemaColumn(column.Name, TypeName(vector.ItemType), true, vector.Size),
        var type => new SchemaColumn(column.Name, TypeName(type)),
    };

    private static string TypeName(DataViewType type) => type switch
    {
        TextDataViewType => "String",
        BooleanDataViewType => "Boolean",
        KeyDataViewType => "Key",
        DateTimeDataViewType => "DateTime",
        _ => type.RawType.Name,
    };
}

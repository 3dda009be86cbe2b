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
        var inputs = inputSchema.Where(c => !c.IsHidden).Select(Column).ToList();
        var inputNames = inputs.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var outputs = output.Where(c => !c.IsHidden && !inputNames.Contains(c.Name)).Select(Column).ToList();
        var task = TaskOf(output);
        var labelColumn = label ?? "Label";
        var hasLabel = output.GetColumnOrNull(labelColumn) is { IsHidden: false };
        return new ModelSignature(inputs, outputs, task, hasLabel ? labelColumn : null);
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

namespace Mlops;

/// <summary>What a model learns to predict, from its output schema and ML.NET's conventions (<c>Score</c>, <c>PredictedLabel</c>).</summary>
public enum ModelTask
{
    /// <summary>A number: a <c>Score</c> and no <c>PredictedLabel</c>.</summary>
    Regression,
    /// <summary>Yes or no: a scalar <c>Score</c> and a boolean <c>PredictedLabel</c>.</summary>
    BinaryClassification,
    /// <summary>One of several classes: a vector <c>Score</c> and a key-typed <c>PredictedLabel</c>.</summary>
    MulticlassClassification,
    /// <summary>None of the above; such a model can be registered and loaded, but not re-scored by a gate.</summary>
    Unknown,
}

/// <summary>A column of a model's input or output schema. <paramref name="Size"/> is the vector length (0: scalar or unknown).</summary>
public sealed record SchemaColumn(string Name, string Type, bool IsVector = false, int Size = 0)
{
    /// <inheritdoc/>
    /// <summary>The type as shown: <c>Single</c>, or <c>Vector&lt;Single, 3&gt;</c> for a vector.</summary>
    public string TypeName => IsVector ? $"Vector<{Type}{(Size > 0 ? ", " + Size : "")}>" : Type;

    /// <inheritdoc/>
    public override string ToString() => $"{Name}: {TypeName}";
}

/// <summary>
/// A model's signature: the columns it reads (the schema it was saved with), the columns it adds, its task, and the
/// label column evaluation compares its predictions with.
/// </summary>
public sealed record ModelSignature(IReadOnlyList<SchemaColumn> Inputs, IReadOnlyList<SchemaColumn> Outputs, ModelTask Task, string? Label)
{
    /// <summary>The task's name as shown: regression, binary classification, multiclass classification or unknown.</summary>
    public string TaskName => Task.Name();

    /// <summary>Every column some of the models read, once each (the first model's reading of a shared name).</summary>
    public static IReadOnlyList<SchemaColumn> InputsOf(IEnumerable<ModelSignature> signatures) =>
        signatures.SelectMany(s => s.Inputs).DistinctBy(c => c.Name).ToList();
}

/// <summary>Names of tasks as shown.</summary>
public static class ModelTaskNames
{
    /// <summary>regression, binary classification, multiclass classification or unknown.</summary>
    public static string Name(this ModelTask task) => task switch
    {
        ModelTask.Regression => "regression",
        ModelTask.BinaryClassification => "binary classification",
        ModelTask.MulticlassClassification => "multiclass classification",
        _ => "unknown",
    };
}

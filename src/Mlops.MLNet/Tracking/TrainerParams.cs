using System.Globalization;
using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Trainers;

namespace Mlops.MLNet;

/// <summary>
/// The params a fitted pipeline is described by: its estimators in order, its trainer, and the trainer's options
/// (numbers, flags, names and enums of the options object ML.NET keeps inside the trainer), in snake_case.
/// </summary>
internal static class TrainerParams
{
    private const BindingFlags Instance = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;

    /// <summary>The estimators of a pipeline, outermost chain flattened, in order.</summary>
    public static IReadOnlyList<object> Estimators(object pipeline)
    {
        var chained = Field(pipeline, "_estimators") as Array;
        if (chained is null) return [pipeline];
        return chained.Cast<object>().SelectMany(Estimators).ToList();
    }

    /// <summary>The last estimator that is a trainer, or null.</summary>
    public static object? Trainer(IReadOnlyList<object> estimators) => estimators.LastOrDefault(IsTrainer);

    /// <summary><c>pipeline</c>, <c>trainer</c> and <c>trainer.&lt;option&gt;</c> params.</summary>
    public static Dictionary<string, string> Of(IReadOnlyList<object> estimators)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["pipeline"] = Truncate(string.Join(" > ", estimators.Select(e => Name(e.GetType())))),
        };
        if (Trainer(estimators) is not { } trainer) return values;
        values["trainer"] = Name(trainer.GetType());
        if (Options(trainer) is not { } options) return values;
        foreach (var field in options.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public))
        {
            if (Text(field.GetValue(options)) is { } text)
                values["trainer." + MlNetMetrics.SnakeCase(field.Name)] = Truncate(text);
        }
        return values;
    }

    /// <summary>The label column the trainer reads, if its options name one.</summary>
    public static string? LabelColumn(object? trainer) =>
        trainer is not null && Options(trainer) is { } options
            ? options.GetType().GetField("LabelColumnName")?.GetValue(options) as string
            : null;

    private static bool IsTrainer(object estimator) =>
        estimator.GetType().GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ITrainerEstimator<,>));

    private static object? Options(object trainer)
    {
        for (var type = trainer.GetType(); type is not null; type = type.BaseType)
            foreach (var field in type.GetFields(Instance | BindingFlags.DeclaredOnly))
                if (typeof(TrainerInputBase).IsAssignableFrom(field.FieldType) && field.GetValue(trainer) is { } options)
                    return options;
        return null;
    }

    private static object? Field(object target, string name)
    {
        for (var type = target.GetType(); type is not null; type = type.BaseType)
            if (type.GetField(name, Instance | BindingFlags.DeclaredOnly) is { } field)
                return field.GetValue(target);
        return null;
    }

    private static string? Text(object? value) => value switch
    {
        null => null,
        string s => s,
        bool b => b ? "true" : "false",
        Enum e => e.ToString(),
        IFormattable f when value.GetType().IsPrimitive => f.ToString(null, CultureInfo.InvariantCulture),
        _ => null,
    };

    private static string Name(Type type)
    {
        var name = type.Name;
        var tick = name.IndexOf('`');
        return tick < 0 ? name : name[..tick];
    }

    private static string Truncate(string text) => text.Length <= 500 ? text : text[..497] + "...";
}

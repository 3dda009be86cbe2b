namespace Mlops;

/// <summary>Whether a dataset version holds every column a model reads, in a type it can read.</summary>
public static class SchemaFit
{
    /// <summary>The mismatches, as sentences; empty when the model fits.</summary>
    public static IReadOnlyList<string> Problems(ModelSignature signature, IReadOnlyList<TableColumn> columns)
    {
        var byName = columns.ToDictionary(c => c.Name, StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var input in signature.Inputs)
        {
            if (!byName.TryGetValue(input.Name, out var column)) problems.Add($"{input.Name} ({input.Type}) is missing");
            else if (input.IsVector) problems.Add($"{input.Name} is a vector in the model; dataset columns are scalars");
            else if (!Readable(input.Type, column.Type)) problems.Add($"{input.Name} is {column.Type} in the dataset; the model reads {input.Type}");
        }
        return problems;
    }

    private static bool Readable(string modelType, string columnType)
    {
        // the model types datasets give are those ColumnArrays reads them into
        var element = ColumnArrays.ElementType(modelType);
        if (element == typeof(bool)) return ColumnTypes.IsBoolean(columnType);
        if (element == typeof(string)) return ColumnTypes.IsText(columnType);
        if (element == typeof(DateTime)) return ColumnTypes.IsDateOrTimestamp(columnType);
        return element is not null && ColumnTypes.IsNumeric(columnType);
    }
}

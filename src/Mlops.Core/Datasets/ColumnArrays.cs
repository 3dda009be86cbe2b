namespace Mlops;

/// <summary>
/// Columns of a dataset version read whole into arrays of the types a model reads: what a gate scores, read in one
/// pass so the store is released before scoring starts. Missing values are filled: NaN for Single and Double, zero for
/// other numbers, empty text, false, and <see cref="DateTime.MinValue"/>.
/// </summary>
/// <param name="Rows">The number of rows; every array has this length.</param>
/// <param name="Columns">The columns, in the order asked for.</param>
public sealed record ColumnArrays(int Rows, IReadOnlyList<ColumnArray> Columns)
{
    private static readonly Dictionary<string, Type> Elements = new(StringComparer.Ordinal)
    {
        ["Single"] = typeof(float), ["Double"] = typeof(double), ["Byte"] = typeof(byte), ["Int16"] = typeof(short),
        ["Int32"] = typeof(int), ["Int64"] = typeof(long), ["UInt32"] = typeof(uint), ["UInt64"] = typeof(ulong),
        ["Boolean"] = typeof(bool), ["String"] = typeof(string), ["DateTime"] = typeof(DateTime),
    };

    /// <summary>The array element type for a model column type (<c>Single</c> → <see cref="float"/>); null for types datasets do not give.</summary>
    public static Type? ElementType(string modelType) => Elements.GetValueOrDefault(modelType);

    /// <summary>The error for a column a model reads in a type datasets do not give (vectors, keys, images).</summary>
    public static MlopsException Unreadable(SchemaColumn column) =>
        MlopsException.Invalid($"the model reads '{column.Name}' as {column.TypeName}, which is not read from datasets; datasets give numbers, booleans, text and times.");
}

/// <summary>One column of <see cref="ColumnArrays"/>: <see cref="Values"/> is a <c>float[]</c> for a Single column, and so on.</summary>
/// <param name="Column">The column as the model reads it.</param>
/// <param name="Values">The values, one per row.</param>
public sealed record ColumnArray(SchemaColumn Column, Array Values);

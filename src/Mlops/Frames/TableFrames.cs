using System.Data.Common;
using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.Data.Analysis;

namespace Mlops;

/// <summary>DataFrames and records in and out of dataset versions.</summary>
public static class TableFrames
{
    // the stored type of each column read from a version, by column object: a column the user replaced is a new object
    private static readonly ConditionalWeakTable<DataFrameColumn, string> StoredTypes = new();

    /// <summary>
    /// A DataFrame's rows as a commit source, its column types mapped to SQL types; a column read from a version keeps
    /// that version's exact type (DATE, TINYINT, DECIMAL(10,2) ...) where every value still fits it.
    /// </summary>
    public static RowsSource ToSource(DataFrame frame, string name)
    {
        var columns = frame.Columns.Select(c => new TableColumn(c.Name, SqlType(c.DataType, $"column '{c.Name}' of {name}"))).ToList();
        var remembered = new Dictionary<string, string>();
        foreach (var column in frame.Columns)
            if (StoredTypes.TryGetValue(column, out var stored)) remembered[column.Name] = stored;
        var source = new RowsSource(name, columns, Rows(frame));
        return remembered.Count == 0 ? source : ColumnTypeFit.Adopt(source, remembered);
    }

    /// <summary>Marks each column of a frame read from a version with the version's type of that column.</summary>
    internal static DataFrame Remember(DataFrame frame, IReadOnlyList<TableColumn> columns)
    {
        foreach (var column in frame.Columns)
            if (columns.FirstOrDefault(c => c.Name == column.Name) is { } stored) StoredTypes.AddOrUpdate(column, stored.Type);
        return frame;
    }

    /// <summary>Records as a commit source: one column per public readable property, in declaration order.</summary>
    public static RowsSource ToSource<T>(IEnumerable<T> records, string name)
    {
        var properties = typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanRead && p.GetIndexParameters().Length == 0).ToArray();
        if (properties.Length == 0)
            throw new MlopsException(MlopsErrorKind.InvalidArgument, $"{typeof(T).Name} has no public properties to store as columns; use a record or class with properties.");
        var columns = properties.Select(p => new TableColumn(p.Name, SqlType(p.PropertyType, $"property {typeof(T).Name}.{p.Name}"))).ToList();
        var list = records as IReadOnlyCollection<T> ?? records.ToList();   // read twice when types are checked against the dataset's
        return new RowsSource(name, columns, list.Select(r => properties.Select(p => p.GetValue(r)).ToArray()));
    }

    /// <summary>
    /// A commit source from a value holding a table: a DataFrame, an ML.NET IDataView, or a sequence of records.
    /// </summary>
    /// <exception cref="MlopsException">InvalidArgument when the value is not a table.</exception>
    public static RowsSource FromObject(object value, string name)
    {
        switch (value)
        {
            case DataFrame frame: return ToSource(frame, $"DataFrame {name}");
            case Microsoft.ML.IDataView view: return ToSource(Microsoft.ML.IDataViewExtensions.ToDataFrame(view, -1L), $"IDataView {name}");
            case string: break;
            case System.Collections.IEnumerable:
                var element = value.GetType().GetInterfaces()
                    .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];
                if (element is null || element.IsPrimitive || element == typeof(string)) break;
                var method = typeof(TableFrames).GetMethods().Single(m => m.Name == nameof(ToSource) && m.IsGenericMethodDefinition).MakeGenericMethod(element);
                try { return (RowsSource)method.Invoke(null, [value, $"{element.Name} list {name}"])!; }
                catch (TargetInvocationException e) when (e.InnerException is MlopsException inner) { throw inner; }
        }
        throw new MlopsException(MlopsErrorKind.InvalidArgument,
            $"'{name}' holds a {value.GetType().Name}, which is not a table; commit a DataFrame, an IDataView or a list of records, or give a file path.");
    }

    /// <summary>Reads every row of <paramref name="reader"/> into a DataFrame (then disposes the reader).</summary>
    public static DataFrame ToDataFrame(DbDataReader reader)
    {
        using (reader)
        {
            var builders = Enumerable.Range(0, reader.FieldCount).Select(i => ColumnBuilder.For(reader.GetName(i), reader.GetFieldType(i))).ToList();
            while (reader.Read())
                for (var i = 0; i < builders.Count; i++) builders[i].Add(reader.IsDBNull(i) ? null : reader.GetValue(i));
            return new DataFrame(builders.Select(b => b.Column));
        }
    }

    private static IEnumerable<object?[]> Rows(DataFrame frame)
    {
        for (long row = 0; row < frame.Rows.Count; row++)
        {
            var values = new object?[frame.Columns.Count];
            for (var c = 0; c < values.Length; c++) values[c] = frame.Columns[c][row];
            yield return values;
        }
    }

    private static string SqlType(Type type, string what)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return Type.GetTypeCode(t) switch
        {
            TypeCode.Boolean => "BOOLEAN",
            TypeCode.SByte => "TINYINT",
            TypeCode.Byte => "UTINYINT",
            TypeCode.Int16 => "SMALLINT",
            TypeCode.UInt16 => "USMALLINT",
            TypeCode.Int32 => "INTEGER",
            TypeCode.UInt32 => "UINTEGER",
            TypeCode.Int64 => "BIGINT",
            TypeCode.UInt64 => "UBIGINT",
            TypeCode.Single => "FLOAT",
            TypeCode.Double => "DOUBLE",
            TypeCode.Decimal => "DECIMAL(38,10)",
            TypeCode.String or TypeCode.Char => "VARCHAR",
            TypeCode.DateTime => "TIMESTAMP",
            _ when t == typeof(DateTimeOffset) => "TIMESTAMP WITH TIME ZONE",
            _ when t == typeof(DateOnly) => "DATE",
            _ when t == typeof(TimeOnly) => "TIME",
            _ when t == typeof(Guid) => "UUID",
            _ when t == typeof(System.Numerics.BigInteger) => "HUGEINT",
            _ => throw new MlopsException(MlopsErrorKind.InvalidArgument,
                $"{what} holds {t.Name} values, which a dataset cannot store; use numbers, text, booleans, dates or times."),
        };
    }

    /// <summary>Collects one reader column's values, then makes the DataFrame column of the matching type.</summary>
    private sealed class ColumnBuilder(string name, Type type)
    {
        private readonly List<object?> _values = [];

        public static ColumnBuilder For(string name, Type type) => new(name, type);

        public void Add(object? value) => _values.Add(value);

        public DataFrameColumn Column => Type.GetTypeCode(type) switch
        {
            TypeCode.Boolean => new BooleanDataFrameColumn(name, _values.Select(v => (bool?)v)),
            TypeCode.Byte or TypeCode.SByte or TypeCode.Int16 or TypeCode.UInt16 or TypeCode.Int32 =>
                new Int32DataFrameColumn(name, _values.Select(v => v is null ? (int?)null : Convert.ToInt32(v, CultureInfo.InvariantCulture))),
            TypeCode.UInt32 or TypeCode.Int64 => new Int64DataFrameColumn(name, _values.Select(v => v is null ? (long?)null : Convert.ToInt64(v, CultureInfo.InvariantCulture))),
            TypeCode.UInt64 => new UInt64DataFrameColumn(name, _values.Select(v => v is null ? (ulong?)null : Convert.ToUInt64(v, CultureInfo.InvariantCulture))),
            TypeCode.Single => new SingleDataFrameColumn(name, _values.Select(v => (float?)v)),
            TypeCode.Double => new DoubleDataFrameColumn(name, _values.Select(v => (double?)v)),
            TypeCode.Decimal => new DecimalDataFrameColumn(name, _values.Select(v => (decimal?)v)),
            TypeCode.DateTime => new DateTimeDataFrameColumn(name, _values.Select(v => (DateTime?)v)),
            _ when type == typeof(DateOnly) => new DateTimeDataFrameColumn(name, _values.Select(v => v is DateOnly d ? d.ToDateTime(TimeOnly.MinValue) : (DateTime?)null)),
            // ML.NET reads no time-of-day type: TIME comes as its exact text, which a commit turns back into TIME
            _ when type == typeof(TimeOnly) => new StringDataFrameColumn(name, _values.Select(v => v is TimeOnly t ? ColumnTypeFit.Text(t) : null)),
            _ => new StringDataFrameColumn(name, _values.Select(v => v is null ? null : Convert.ToString(v, CultureInfo.InvariantCulture))),
        };
    }
}

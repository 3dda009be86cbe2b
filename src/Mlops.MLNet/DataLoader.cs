using System.Data.Common;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Mlops.MLNet;

/// <summary>Reads rows into an ML.NET data view with exactly the columns, and column types, a model reads.</summary>
public static class DataLoader
{
    /// <summary>
    /// Reads every row of <paramref name="reader"/>, keeping <paramref name="columns"/> converted to the types named
    /// (<c>Single</c>, <c>Double</c>, <c>Boolean</c>, <c>String</c>, integer types, <c>DateTime</c>). Missing numbers
    /// become NaN, missing text empty, a missing boolean false.
    /// </summary>
    /// <exception cref="MlopsException">InvalidArgument when a column is missing or has a type the model cannot read.</exception>
    public static IDataView Read(DbDataReader reader, IReadOnlyList<SchemaColumn> columns)
    {
        var readers = columns.Select(c => Ordinal(reader, c.Name) is var i ? ColumnReader.For(c, i, reader.GetFieldType(i)) : null!).ToList();
        var rows = 0;
        while (reader.Read())
        {
            foreach (var column in readers) column.Add(reader);
            rows++;
        }
        return new ColumnarDataView(readers.Select(r => r.Build()).ToList(), rows);
    }

    private static int Ordinal(DbDataReader reader, string name)
    {
        for (var i = 0; i < reader.FieldCount; i++)
            if (reader.GetName(i) == name) return i;
        throw Errors.Invalid($"the data has no column '{name}', which the model reads.");
    }

    private abstract class ColumnReader
    {
        public abstract void Add(DbDataReader reader);

        public abstract (string Name, DataViewType Type, Array Values) Build();

        public static ColumnReader For(SchemaColumn column, int ordinal, Type source) => column.Type switch
        {
            // the conversion is chosen once per column from the type the data has, not per value
            "Single" => new Numbers<float>(column.Name, ordinal, float.NaN,
                source == typeof(float) ? (r, i) => r.GetFloat(i) : source == typeof(double) ? (r, i) => (float)r.GetDouble(i) : (r, i) => Convert.ToSingle(r.GetValue(i))),
            "Double" => new Numbers<double>(column.Name, ordinal, double.NaN,
                source == typeof(double) ? (r, i) => r.GetDouble(i) : source == typeof(float) ? (r, i) => r.GetFloat(i) : (r, i) => Convert.ToDouble(r.GetValue(i))),
            "Int32" => new Numbers<int>(column.Name, ordinal, 0, source == typeof(int) ? (r, i) => r.GetInt32(i) : (r, i) => Convert.ToInt32(r.GetValue(i))),
            "Int64" => new Numbers<long>(column.Name, ordinal, 0, source == typeof(long) ? (r, i) => r.GetInt64(i) : (r, i) => Convert.ToInt64(r.GetValue(i))),
            "Boolean" => new Numbers<bool>(column.Name, ordinal, false, (r, i) => r.GetBoolean(i)),
            "DateTime" => new Numbers<DateTime>(column.Name, ordinal, default, (r, i) => Convert.ToDateTime(r.GetValue(i))),
            "String" => new Texts(column.Name, ordinal),
            var type => throw Errors.Invalid($"the model reads '{column.Name}' as {type}, which is not read from datasets; datasets give numbers, booleans, text and times."),
        };
    }

    private sealed class Numbers<T>(string name, int ordinal, T missing, Func<DbDataReader, int, T> read) : ColumnReader
        where T : unmanaged
    {
        private T[] _values = new T[4096];
        private int _count;

        public override void Add(DbDataReader reader)
        {
            if (_count == _values.Length) Array.Resize(ref _values, _values.Length * 2);
            _values[_count++] = reader.IsDBNull(ordinal) ? missing : read(reader, ordinal);
        }

        public override (string Name, DataViewType Type, Array Values) Build()
        {
            DataViewType type = typeof(T) switch
            {
                var t when t == typeof(float) => NumberDataViewType.Single,
                var t when t == typeof(double) => NumberDataViewType.Double,
                var t when t == typeof(int) => NumberDataViewType.Int32,
                var t when t == typeof(long) => NumberDataViewType.Int64,
                var t when t == typeof(bool) => BooleanDataViewType.Instance,
                _ => DateTimeDataViewType.Instance,
            };
            Array.Resize(ref _values, _count);
            return (name, type, _values);
        }
    }

    private sealed class Texts(string name, int ordinal) : ColumnReader
    {
        private readonly List<string> _values = new(1024);

        public override void Add(DbDataReader reader) => _values.Add(reader.IsDBNull(ordinal) ? "" : reader.GetString(ordinal));

        public override (string Name, DataViewType Type, Array Values) Build() => (name, TextDataViewType.Instance, _values.ToArray());
    }
}

using Npgsql;

namespace Mlops.Postgres;

/// <summary>
/// Reads whole columns of a version into arrays on the server: PostgreSQL casts each column to the type the model reads
/// and the values stream in binary, read with typed getters (no boxing), in storage order (row id). A NULL reads as NaN for
/// floating point, zero for other numbers, false, an empty string or <see cref="DateTime.MinValue"/>, as on the embedded store.
/// </summary>
internal static class PgColumnReader
{
    private static readonly Dictionary<Type, string> Casts = new()
    {
        [typeof(float)] = "real", [typeof(double)] = "double precision", [typeof(byte)] = "smallint", [typeof(short)] = "smallint",
        [typeof(int)] = "integer", [typeof(long)] = "bigint", [typeof(uint)] = "bigint", [typeof(ulong)] = "numeric(20,0)",
        [typeof(bool)] = "boolean", [typeof(string)] = "text", [typeof(DateTime)] = "timestamp",
    };

    public static ColumnArrays Read(NpgsqlConnection c, PgStoredVersion version, IReadOnlyList<SchemaColumn> columns)
    {
        var plan = columns.Select(column =>
        {
            var stored = version.Column(column.Name) ?? throw new MlopsException(MlopsErrorKind.InvalidArgument,
                $"{version.Version.Label} has no column '{column.Name}', which the model reads; its columns are {string.Join(", ", version.Columns.Select(x => x.Name))}.");
            var element = (column.IsVector ? null : ColumnArrays.ElementType(column.Type)) ?? throw ColumnArrays.Unreadable(column);
            return (Column: column, Stored: stored, Element: element);
        }).ToList();
        var rows = checked((int)version.Version.Rows);
        var arrays = plan.Select(p => Array.CreateInstance(p.Element, rows)).ToArray();
        var ids = new long[rows];
        var sorted = true;
        var sql = $"SELECT __rid, {string.Join(", ", plan.Select(p => $"{Cast(p.Stored, p.Element)} AS {PgDatasetSql.Ident(p.Column.Name)}"))} " +
                  $"FROM {PgDatasetSql.Ident(version.Dataset.Table)} WHERE {PgDatasetSql.Alive(version.Number)}";
        try
        {
            using var command = new NpgsqlCommand(sql, c);
            using var reader = command.ExecuteReader(System.Data.CommandBehavior.SequentialAccess);
            var row = 0;
            while (reader.Read())
            {
                if (row == rows) throw new MlopsException(MlopsErrorKind.Corrupted, $"{version.Version.Label} has more rows on the server than the {rows:N0} it recorded.");
                ids[row] = reader.GetInt64(0);
                if (row > 0 && ids[row] < ids[row - 1]) sorted = false;
                for (var i = 0; i < arrays.Length; i++) Fill(arrays[i], row, reader, i + 1);
                row++;
            }
            if (row != rows) throw new MlopsException(MlopsErrorKind.Corrupted, $"{version.Version.Label} has {row:N0} rows on the server, not the {rows:N0} it recorded.");
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.InvalidTextRepresentation or PostgresErrorCodes.CannotCoerce
                                              or PostgresErrorCodes.NumericValueOutOfRange or PostgresErrorCodes.DatatypeMismatch
                                              or PostgresErrorCodes.InvalidDatetimeFormat or PostgresErrorCodes.DatetimeFieldOverflow)
        {
            throw new MlopsException(MlopsErrorKind.InvalidArgument,
                $"{version.Version.Label} could not be read as the model reads it ({string.Join(", ", columns)}): {e.MessageText}");
        }
        if (!sorted) InRowOrder(ids, arrays);
        return new ColumnArrays(rows, plan.Select((p, i) => new ColumnArray(p.Column, arrays[i])).ToList());
    }

    // rows in storage order (by row id), as every read of a version gives them; a table never updated is scanned in that
    // order already, so the server is not asked to sort
    private static void InRowOrder(long[] ids, Array[] arrays)
    {
        var order = Enumerable.Range(0, ids.Length).ToArray();
        Array.Sort(ids, order);
        for (var i = 0; i < arrays.Length; i++)
        {
            var copy = Array.CreateInstance(arrays[i].GetType().GetElementType()!, order.Length);
            for (var r = 0; r < order.Length; r++) copy.SetValue(arrays[i].GetValue(order[r]), r);
            arrays[i] = copy;
        }
    }

    // a column kept as text is cast as the embedded engine casts it: trimmed, with booleans as true/false
    private static string Cast(PgStoredColumn stored, Type element)
    {
        var column = PgDatasetSql.Ident(stored.Physical);
        var physical = PgColumnTypes.Physical(stored.Type);
        if (element == typeof(string)) return physical == "boolean" ? $"CASE WHEN {column} THEN 'true' WHEN NOT {column} THEN 'false' END" : $"{column}::text";
        if (physical == "boolean" && element != typeof(bool)) return $"{column}::integer::{Casts[element]}";
        if (physical == "text" && element != typeof(bool)) return $"trim({column})::{Casts[element]}";
        return $"{column}::{Casts[element]}";
    }

    private static void Fill(Array target, int row, NpgsqlDataReader reader, int i)
    {
        var isNull = reader.IsDBNull(i);
        switch (target)
        {
            case float[] a: a[row] = isNull ? float.NaN : reader.GetFloat(i); break;
            case double[] a: a[row] = isNull ? double.NaN : reader.GetDouble(i); break;
            case byte[] a: a[row] = isNull ? (byte)0 : Fit<byte>(reader.GetInt16(i), reader, i); break;
            case short[] a: a[row] = isNull ? (short)0 : reader.GetInt16(i); break;
            case int[] a: a[row] = isNull ? 0 : reader.GetInt32(i); break;
            case long[] a: a[row] = isNull ? 0 : reader.GetInt64(i); break;
            case uint[] a: a[row] = isNull ? 0 : Fit<uint>(reader.GetInt64(i), reader, i); break;
            case ulong[] a: a[row] = isNull ? 0 : Fit<ulong>(reader.GetDecimal(i), reader, i); break;
            case bool[] a: a[row] = !isNull && reader.GetBoolean(i); break;
            case string[] a: a[row] = isNull ? "" : reader.GetString(i); break;
            case DateTime[] a: a[row] = isNull ? DateTime.MinValue : reader.GetDateTime(i); break;
        }
    }

    private static T Fit<T>(decimal value, NpgsqlDataReader reader, int i) where T : System.Numerics.INumber<T>, System.Numerics.IMinMaxValue<T> =>
        value >= decimal.CreateTruncating(T.MinValue) && value <= decimal.CreateTruncating(T.MaxValue) && value == decimal.Truncate(value)
            ? T.CreateChecked(value)
            : throw new MlopsException(MlopsErrorKind.InvalidArgument, $"{reader.GetName(i)} holds {value}, which is beyond the {typeof(T).Name} the model reads.");
}

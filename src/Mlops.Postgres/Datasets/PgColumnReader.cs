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
        var plan = Plan(version, columns);
        var rows = checked((int)version.Version.Rows);
        var arrays = plan.Select(p => Array.CreateInstance(p.Element, rows)).ToArray();
        var ids = new long[rows];
        var sorted = true;
        var read = Translated(version, columns, () =>
        {
            using var command = new NpgsqlCommand(Sql(version, plan, withIds: true), c);
            using var reader = command.ExecuteReader(System.Data.CommandBehavior.SequentialAccess);
            var row = 0;
            while (reader.Read())
            {
                TooMany(version, row, rows);
                ids[row] = reader.GetInt64(0);
                if (row > 0 && ids[row] < ids[row - 1]) sorted = false;
                for (var i = 0; i < arrays.Length; i++) Fill(arrays[i], row, reader, i + 1);
                row++;
            }
            return row;
        });
        if (read != rows) throw new MlopsException(MlopsErrorKind.Corrupted, $"{version.Version.Label} has {read:N0} rows on the server, not the {rows:N0} it recorded.");
        if (!sorted) InRowOrder(ids, arrays);
        return new ColumnArrays(rows, plan.Select((p, i) => new ColumnArray(p.Column, arrays[i])).ToList());
    }

    /// <summary>
    /// Checks the columns at once, then streams them into a <see cref="ColumnStream"/> on a connection of its own
    /// (<paramref name="use"/>), in the order the server scans the rows: no row ids are sent and nothing is reordered.
    /// </summary>
    public static ColumnStream Stream(PgStoredVersion version, IReadOnlyList<SchemaColumn> columns, Func<Func<NpgsqlConnection, int>, int> use)
    {
        var plan = Plan(version, columns);
        var rows = checked((int)version.Version.Rows);
        return ColumnStream.Start(version.Version.Label, plan.Select(p => p.Column).ToList(), rows, (stream, cancel) => use(c => Translated(version, columns, () =>
        {
            var arrays = stream.Data.Columns.Select(col => col.Values).ToArray();
            using var command = new NpgsqlCommand(Sql(version, plan, withIds: false), c);
            using var reader = command.ExecuteReader(System.Data.CommandBehavior.SequentialAccess);
            var row = 0;
            while (reader.Read())
            {
                TooMany(version, row, rows);
                for (var i = 0; i < arrays.Length; i++) Fill(arrays[i], row, reader, i);
                if (++row % ColumnStream.Chunk == 0)
                {
                    stream.Publish(row);
                    if (cancel.IsCancellationRequested)
                    {
                        command.Cancel();
                        cancel.ThrowIfCancellationRequested();
                    }
                }
            }
            stream.Publish(row);
            return row;
        })));
    }

    private static List<(SchemaColumn Column, PgStoredColumn Stored, Type Element)> Plan(PgStoredVersion version, IReadOnlyList<SchemaColumn> columns) =>
        columns.Select(column =>
        {
            var stored = version.Column(column.Name) ?? throw new MlopsException(MlopsErrorKind.InvalidArgument,
                $"{version.Version.Label} has no column '{column.Name}', which the model reads; its columns are {string.Join(", ", version.Columns.Select(x => x.Name))}.");
            var element = (column.IsVector ? null : ColumnArrays.ElementType(column.Type)) ?? throw ColumnArrays.Unreadable(column);
            return (Column: column, Stored: stored, Element: element);
        }).ToList();

    private static string Sql(PgStoredVersion version, List<(SchemaColumn Column, PgStoredColumn Stored, Type Element)> plan, bool withIds) =>
        $"SELECT {(withIds ? "__rid, " : "")}{string.Join(", ", plan.Select(p => $"{Cast(p.Stored, p.Element)} AS {PgDatasetSql.Ident(p.Column.Name)}"))} " +
        $"FROM {PgDatasetSql.Ident(version.Dataset.Table)} WHERE {PgDatasetSql.Alive(version.Number)}";

    private static void TooMany(PgStoredVersion version, int row, int rows)
    {
        if (row == rows) throw new MlopsException(MlopsErrorKind.Corrupted, $"{version.Version.Label} has more rows on the server than the {rows:N0} it recorded.");
    }

    // a value the server cannot convert to the type the model reads is bad input, named with the columns asked for
    private static int Translated(PgStoredVersion version, IReadOnlyList<SchemaColumn> columns, Func<int> read)
    {
        try
        {
            return read();
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.InvalidTextRepresentation or PostgresErrorCodes.CannotCoerce
                                              or PostgresErrorCodes.NumericValueOutOfRange or PostgresErrorCodes.DatatypeMismatch
                                              or PostgresErrorCodes.InvalidDatetimeFormat or PostgresErrorCodes.DatetimeFieldOverflow)
        {
            throw new MlopsException(MlopsErrorKind.InvalidArgument,
                $"{version.Version.Label} could not be read as the model reads it ({string.Join(", ", columns)}): {e.MessageText}");
        }
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

using System.Runtime.CompilerServices;
using Npgsql;
using NpgsqlTypes;

namespace Mlops.Postgres;

/// <summary>
/// Sends parsed rows to the server by one binary COPY, each row led by a number (its position, or the version it enters)
/// and its row hash. Columns of the common types are encoded straight from the parser's chunks; a source with a column
/// of another type (decimals, blobs, uuids ...) goes through Npgsql's typed writer, value by value, which costs about
/// four times as much on the client.
/// </summary>
internal static class PgRowSender
{
    private const int UnixEpochDays = 10_957;                       // 1970-01-01 as days since PostgreSQL's epoch, 2000-01-01
    private const long UnixEpochMicros = 946_684_800_000_000;        // and as microseconds

    /// <summary>
    /// The rows into <paramref name="target"/> (a table and its column list): each row led by the
    /// <paramref name="version"/> it enters as an integer or, with none, its position as a bigint; then its hash as a uuid;
    /// then its values in the layout's column order. Given <paramref name="only"/> (ascending positions), only those rows.
    /// </summary>
    public static void Send(NpgsqlConnection c, ParsedTable parsed, PgColumnLayout layout, string target, int? version, IReadOnlyList<long>? only = null)
    {
        // a version's rows go into the history table created in this transaction: frozen as written, so that no later
        // scan (the key's build first) has to mark each row as committed
        var command = $"COPY {target} FROM STDIN (FORMAT BINARY{(version is null ? "" : ", FREEZE")})";
        var wanted = new Wanted(only);
        if (layout.Columns.All(col => RowChunk.Reads(col.Type))) SendChunks(c, parsed, layout, command, version, wanted);
        else SendValues(c, parsed, layout, command, version, wanted);
    }

    /// <summary>Whether the row at each position, asked in ascending order, is one to send.</summary>
    private sealed class Wanted(IReadOnlyList<long>? only)
    {
        private int _next;

        public bool Next(long position)
        {
            if (only is null) return true;
            if (_next >= only.Count || only[_next] != position) return false;
            _next++;
            return true;
        }
    }

    private enum Field { Boolean, Int16, Int32, Int64, Float4, Float8, Text, Date, Timestamp }

    // compiled optimized at first use: a kernel's first commit is not left to tier up while it runs
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SendChunks(NpgsqlConnection c, ParsedTable parsed, PgColumnLayout layout, string command, int? version, Wanted wanted)
    {
        var fields = layout.Columns.Select(col => FieldOf(col.Type)).ToArray();
        using var copy = new PgBinaryCopy(c, command);
        long position = 0;
        foreach (var chunk in parsed.Chunks())
        {
            for (var r = 0; r < chunk.Count; r++, position++)
            {
                if (!wanted.Next(position)) continue;
                copy.Row(fields.Length + 2);
                if (version is { } v) copy.Int32(v);
                else copy.Int64(position);
                copy.Uuid(chunk.Hash(r));
                for (var i = 0; i < fields.Length; i++)
                {
                    if (chunk.IsNull(i, r))
                    {
                        copy.Null();
                        continue;
                    }
                    switch (fields[i])
                    {
                        case Field.Boolean: copy.Boolean(chunk.Boolean(i, r)); break;
                        case Field.Int16: copy.Int16(checked((short)chunk.Integer(i, r))); break;
                        case Field.Int32: copy.Int32(checked((int)chunk.Integer(i, r))); break;
                        case Field.Int64: copy.Int64(chunk.Integer(i, r)); break;
                        case Field.Float4: copy.Float4((float)chunk.Real(i, r)); break;
                        case Field.Float8: copy.Float8(chunk.Real(i, r)); break;
                        case Field.Text: copy.Bytes(chunk.Text(i, r)); break;
                        case Field.Date: copy.Int32(chunk.Date(i, r) is var days && days is RowChunk.InfiniteDate or int.MinValue ? days : days - UnixEpochDays); break;
                        default:
                            copy.Int64(chunk.Timestamp(i, r) is var micros && micros is RowChunk.InfiniteTimestamp or long.MinValue ? micros : micros - UnixEpochMicros);
                            break;
                    }
                }
            }
        }
        copy.Complete();
    }

    // the PostgreSQL type the column is kept in decides the field's width
    private static Field FieldOf(string logical) => PgColumnTypes.Physical(logical) switch
    {
        "boolean" => Field.Boolean,
        "smallint" => Field.Int16,
        "integer" => Field.Int32,
        "bigint" => Field.Int64,
        "real" => Field.Float4,
        "double precision" => Field.Float8,
        "date" => Field.Date,
        "timestamp" or "timestamptz" => Field.Timestamp,
        "text" => Field.Text,
        var other => throw new InvalidOperationException($"a {logical} column (kept as {other}) has no binary field here."),
    };

    private static void SendValues(NpgsqlConnection c, ParsedTable parsed, PgColumnLayout layout, string command, int? version, Wanted wanted)
    {
        var columns = layout.Columns;
        var writers = columns.Select(col => PgColumnTypes.Writer(col.Type)).ToArray();
        using var copy = c.BeginBinaryImport(command);
        long position = -1;
        foreach (var (values, hash) in parsed.Rows())
        {
            if (!wanted.Next(++position)) continue;
            copy.StartRow();
            if (version is { } v) copy.Write(v, NpgsqlDbType.Integer);
            else copy.Write(position, NpgsqlDbType.Bigint);
            copy.Write(PgDatasetSql.Uuid(hash), NpgsqlDbType.Uuid);
            for (var i = 0; i < values.Length; i++)
            {
                if (values[i] is null or DBNull) copy.WriteNull();
                else copy.Write(PgColumnTypes.ToServer(values[i]!, columns[i].Type, writers[i]), writers[i]);
            }
        }
        copy.Complete();
    }
}

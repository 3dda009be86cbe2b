using DuckDB.NET.Data;
using static Mlops.DuckDb.DatasetSql;

namespace Mlops.DuckDb;

/// <summary>
/// The client-side parser for every engine: an in-memory DuckDB stages the source exactly as a commit to the embedded
/// store does (the same CSV checks, type guessing and row hash), so a file gives the same columns, rows and digest
/// whatever engine keeps them.
/// </summary>
public sealed class DuckDbTableParser : ITableParser
{
    /// <inheritdoc/>
    public ParsedTable Parse(DatasetSource source, IProgress<DatasetProgress>? progress = null)
    {
        var connection = new DuckDBConnection("Data Source=:memory:");
        try
        {
            connection.Open();
            RowHashFunction.Register(connection);
            var columns = DatasetStaging.Load(connection, source, new ProgressPoller(connection, progress));
            return Staged(connection, columns, source.Description);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public ParsedTable? ParseStreaming(DatasetSource source, IProgress<DatasetProgress>? progress = null) => StreamedParse.Start(source, progress);

    /// <summary>The rows staged in <paramref name="table"/> (columns, then the row hash) as a parsed table that owns the connection.</summary>
    internal static ParsedTable Staged(DuckDBConnection connection, IReadOnlyList<TableColumn> columns, string source, string table = DatasetStaging.Table)
    {
        var digest = Digest(connection, columns, "__h", table);
        var rows = connection.Scalar<long>($"SELECT count(*) FROM {table}");
        return new Parsed(connection, columns, rows, digest, source, table);
    }

    /// <inheritdoc/>
    public IReadOnlyList<UInt128> Hash(IReadOnlyList<TableColumn> columns, IEnumerable<object?[]> rows)
    {
        using var parsed = Parse(new RowsSource("rows", columns, rows));
        return parsed.Hashes();
    }

    private sealed class Parsed(DuckDBConnection connection, IReadOnlyList<TableColumn> columns, long rows, string digest, string source, string table) : ParsedTable
    {
        public override IReadOnlyList<TableColumn> Columns => columns;

        public override long RowCount => rows;

        public override string Digest => digest;

        public override void CheckKey(IReadOnlyList<string> key) => DatasetChecks.Key(connection, key, columns, source, table);

        // a scan gives a table's rows in insertion order (DuckDB's preserve_insertion_order, on by default): no sort
        public override IEnumerable<(object?[] Values, UInt128 Hash)> Rows()
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {string.Join(", ", columns.Select(c => Ident(c.Name)))}, (__h >> 64)::UBIGINT, (__h & 18446744073709551615::UHUGEINT)::UBIGINT FROM {table}";
            using var reader = command.ExecuteReader();
            var n = columns.Count;
            while (reader.Read())
            {
                var values = new object?[n];
                for (var i = 0; i < n; i++) values[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                yield return (values, new UInt128(reader.GetFieldValue<ulong>(n), reader.GetFieldValue<ulong>(n + 1)));
            }
        }

        public override IReadOnlyList<UInt128> Hashes()
        {
            var hashes = new List<UInt128>(checked((int)rows));
            foreach (var chunk in DuckDbRowChunk.Read(connection, [], "__h", table))
                for (var row = 0; row < chunk.Count; row++) hashes.Add(chunk.Hash(row));
            return hashes;
        }

        public override IEnumerable<RowChunk> Chunks() => DuckDbRowChunk.Read(connection, columns, "__h", table);

        public override void Dispose() => connection.Dispose();
    }
}

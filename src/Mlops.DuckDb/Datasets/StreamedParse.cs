using DuckDB.NET.Data;
using DuckDB.NET.Native;

namespace Mlops.DuckDb;

/// <summary>
/// A file parsed while its rows are read (<see cref="ITableParser.ParseStreaming"/>): one streamed query reads the file
/// and hashes each row, and each chunk it gives is kept in the table <c>__kept</c> as it passes (appended on a second
/// connection to the same in-memory database: any other statement on the streaming one would end the stream), so that
/// once the chunks have been read the table answers as a parsed one does (row count, digest, key check, rows), from what
/// was kept. The CSV shape check reads the file meanwhile; its refusal ends the reading.
/// </summary>
internal sealed class StreamedParse : ParsedTable
{
    private const string Kept = "main.__kept";

    private readonly DuckDBConnection _connection;
    private readonly FileSource _file;
    private readonly char _delimiter;
    private readonly string _reader;
    private readonly List<TableColumn> _columns;
    private readonly IProgress<DatasetProgress>? _progress;
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    private ParsedTable? _read;
    private bool _started;

    private StreamedParse(DuckDBConnection connection, FileSource file, char delimiter, string reader, List<TableColumn> columns, IProgress<DatasetProgress>? progress) =>
        (_connection, _file, _delimiter, _reader, _columns, _progress) = (connection, file, delimiter, reader, columns, progress);

    /// <summary>The file about to be read, or null when it cannot be read this way (or cannot be read at all: a parse says why).</summary>
    public static StreamedParse? Start(DatasetSource source, IProgress<DatasetProgress>? progress)
    {
        if (source is not FileSource file) return null;
        var connection = new DuckDBConnection("Data Source=:memory:");
        try
        {
            connection.Open();
            RowHashFunction.Register(connection);
            var delimiter = DatasetStaging.DelimiterOf(file);
            var reader = DatasetStaging.Reader(file, delimiter);
            var columns = DatasetStaging.Columns(connection, reader, file.Description);
            if (columns.All(col => RowChunk.Reads(col.Type)))
            {
                connection.Execute($"CREATE TABLE {Kept} ({string.Concat(columns.Select(col => $"{DatasetSql.Ident(col.Name)} {col.Type}, "))}__h UHUGEINT)");
                return new StreamedParse(connection, file, delimiter, reader, columns, progress);
            }
        }
        catch (Exception e) when (e is DuckDBException or MlopsException or IOException or UnauthorizedAccessException)
        {
            // an unreadable file: the parse that follows reports it as a commit does
        }
        connection.Dispose();
        return null;
    }

    public override IReadOnlyList<TableColumn> Columns => _columns;

    public override long RowCount => Read.RowCount;

    public override string Digest => Read.Digest;

    public override void CheckKey(IReadOnlyList<string> key) => Read.CheckKey(key);

    public override IEnumerable<(object?[] Values, UInt128 Hash)> Rows() => Read.Rows();

    public override IReadOnlyList<UInt128> Hashes() => Read.Hashes();

    public override IEnumerable<RowChunk> Chunks()
    {
        if (_started) throw new InvalidOperationException($"{_file.Description} is read as it is parsed, once.");
        _started = true;
        _progress?.Report(new DatasetProgress($"reading {_file.Description} ({new FileInfo(_file.Path).Length / 1e6:0.#} MB)", null, _clock.Elapsed));
        var check = DatasetStaging.StartCheck(_file, _delimiter);
        using var keeper = _connection.Duplicate();
        keeper.Open();
        if (NativeMethods.Appender.DuckDBAppenderCreate(keeper.NativeConnection, "main", "__kept", out var appender) != DuckDBState.Success)
            throw new InvalidOperationException("DuckDB could not append to the staging table.");
        using (appender)
        {
            var sql = $"SELECT *, {DatasetStaging.Hash(_columns)} AS __h FROM {_reader}";
            foreach (var chunk in DuckDbRowChunk.Stream(_connection, sql, _columns.Count, data =>
                     {
                         if (NativeMethods.Appender.DuckDBAppendDataChunk(appender, data) != DuckDBState.Success)
                             throw new InvalidOperationException("DuckDB could not keep a chunk of the rows read.");
                     }))
                yield return chunk;
            if (NativeMethods.Appender.DuckDBAppenderClose(appender) != DuckDBState.Success)
                throw new InvalidOperationException("DuckDB could not keep the rows read.");
        }
        DatasetStaging.Checked(check);
        _read = DuckDbTableParser.Staged(_connection, _columns, _file.Description, Kept);
    }

    private ParsedTable Read => _read ?? throw new InvalidOperationException($"{_file.Description} is read as it is parsed: read its chunks first.");

    public override void Dispose() => _connection.Dispose();
}

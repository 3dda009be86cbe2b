using DuckDB.NET.Data;

namespace Mlops.DuckDb;

/// <summary>
/// Loads a source into the temporary table <c>__in</c>: its columns, then each row's hash as <c>__h</c>, computed as the
/// rows are read. Temporary tables live outside the database file, so staging content that turns out to be unchanged
/// writes nothing to the store.
/// </summary>
internal static class DatasetStaging
{
    public const string Table = "temp.__in";

    /// <summary>Stages the source and returns its columns in source order.</summary>
    public static List<TableColumn> Load(DuckDBConnection c, DatasetSource source, ProgressPoller progress)
    {
        c.Execute($"DROP TABLE IF EXISTS {Table}");
        c.Execute("DROP TABLE IF EXISTS temp.__stage");
        switch (source)
        {
            case FileSource file:
                var size = new FileInfo(file.Path).Length;
                // DuckDB's reader pads, folds or skips malformed lines; ours refuses them, naming the line, and DuckDB
                // reads with the delimiter it found, so it cannot guess another. The check reads the file while DuckDB
                // does; its refusal wins over whatever DuckDB made of the file
                var delimiter = DelimiterOf(file);
                var csv = StartCheck(file, delimiter);
                var reader = Reader(file, delimiter);
                try
                {
                    try
                    {
                        progress.Run($"reading {file.Description} ({size / 1e6:0.#} MB)", () => Hashed(c, reader, file.Description));
                    }
                    catch (DuckDBException e)
                    {
                        Checked(csv);   // a malformed file is reported as such, whatever DuckDB made of it
                        if (file.Format != FileFormat.Csv || !e.Message.Contains("Conversion Error", StringComparison.Ordinal)) throw Unreadable(file, e);
                        // column types are guessed from a sample; a value further down that does not fit is data, not an error:
                        // read again with types guessed from every row
                        progress.Run($"reading {file.Description} again, guessing types from every row", () => Read(c, file, Reader(file, delimiter, fullSample: true)));
                    }
                    Checked(csv);
                }
                catch
                {
                    c.Execute($"DROP TABLE IF EXISTS {Table}");
                    throw;
                }
                break;
            case RowsSource rows:
                progress.Stage($"copying {rows.Name}");
                CheckColumns(rows.Columns.Select(col => col.Name), rows.Name);
                // DuckDB.NET's appender writes a BigInteger into HUGEINT wrongly: such columns go in as text and are cast
                var viaText = rows.Columns.Select(col => col.Type.Trim().ToUpperInvariant() is "HUGEINT" or "UHUGEINT").ToArray();
                c.Execute($"CREATE TEMP TABLE __stage ({string.Join(", ", rows.Columns.Select((col, i) => $"{DatasetSql.Ident(col.Name)} {(viaText[i] ? "VARCHAR" : col.Type)}"))})");
                using (var appender = c.CreateAppender("temp", "main", "__stage"))
                {
                    long number = 0;
                    foreach (var row in rows.Rows)
                    {
                        number++;
                        // the appender ends text at a NUL character, and PostgreSQL's text cannot hold one: refused, not cut short
                        for (var i = 0; i < rows.Columns.Count; i++)
                            if (row[i] is string text && text.Contains('\0'))
                                throw new MlopsException(MlopsErrorKind.InvalidArgument,
                                    $"{rows.Name} has a NUL character (\\0) in the text of column '{rows.Columns[i].Name}', row {number:N0}; no store keeps it. " +
                                    "Remove it (for example with Replace(\"\\0\", \"\")), or keep such values as bytes.");
                        IDuckDBAppenderRow appended = appender.CreateRow();
                        for (var i = 0; i < rows.Columns.Count; i++)
                            appended = Append(appended, viaText[i] && row[i] is not null and not DBNull ? Convert.ToString(row[i], System.Globalization.CultureInfo.InvariantCulture) : row[i]);
                        appended.EndRow();
                    }
                }
                for (var i = 0; i < rows.Columns.Count; i++)
                    if (viaText[i]) c.Execute($"ALTER TABLE temp.__stage ALTER COLUMN {DatasetSql.Ident(rows.Columns[i].Name)} TYPE {rows.Columns[i].Type}");
                Hashed(c, "temp.__stage", rows.Name);
                c.Execute("DROP TABLE temp.__stage");
                break;
            default:
                throw new MlopsException(MlopsErrorKind.InvalidArgument, $"unknown source {source.GetType().Name}.");
        }
        var columns = c.Query($"SELECT column_name, column_type FROM (DESCRIBE {Table})", r => new TableColumn(r.GetString(0), r.GetString(1)));
        return columns[..^1];
    }

    /// <summary>
    /// Stages the rows of <paramref name="from"/> (a table or a reader) with their hashes in one pass. The columns are
    /// known before a row is read (a reader's are guessed from a sample), and are checked then.
    /// </summary>
    private static void Hashed(DuckDBConnection c, string from, string source)
    {
        var columns = Columns(c, from, source);
        c.Execute($"CREATE TEMP TABLE __in AS SELECT *, {Hash(columns)} AS __h FROM {from}");
    }

    /// <summary>The columns of <paramref name="from"/> (a table or a reader: guessed from a sample), checked.</summary>
    public static List<TableColumn> Columns(DuckDBConnection c, string from, string source)
    {
        var columns = c.Query($"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM {from})", r => new TableColumn(r.GetString(0), r.GetString(1)));
        CheckColumns(columns.Select(col => col.Name), source);
        return columns;
    }

    /// <summary>The row hash over the columns, by name.</summary>
    public static string Hash(IEnumerable<TableColumn> columns) => DatasetSql.RowHash(columns.Select(col => (col.Name, col.Type, DatasetSql.Ident(col.Name))));

    /// <summary>The delimiter a CSV is read and checked with (a comma for other formats, which have none).</summary>
    public static char DelimiterOf(FileSource file) => file.Format == FileFormat.Csv ? CsvCheck.DelimiterOf(file.Path) : ',';

    /// <summary>The shape check of a CSV, started on its own thread; none for other formats.</summary>
    public static Task<CsvCheck.Dialect>? StartCheck(FileSource file, char delimiter) =>
        file.Format == FileFormat.Csv ? Task.Run(() => CsvCheck.Check(file.Path, $"'{file.Description}'", delimiter)) : null;

    /// <summary>DuckDB's reader of the file: for a CSV, in the dialect the shape check holds it to.</summary>
    public static string Reader(FileSource file, char delimiter, bool fullSample = false) => file.Format switch
    {
        FileFormat.Csv => $"read_csv({DatasetSql.Literal(file.Path)}, header = true, skip = 0, delim = {DatasetSql.Literal(delimiter.ToString())}, quote = '\"', " +
                          $"escape = '\"', strict_mode = true{(fullSample ? ", sample_size = -1" : "")})",
        FileFormat.Parquet => $"read_parquet({DatasetSql.Literal(file.Path)})",
        _ => $"read_json_auto({DatasetSql.Literal(file.Path)})",
    };

    /// <summary>The shape check's outcome: its refusal is thrown.</summary>
    public static void Checked(Task<CsvCheck.Dialect>? check) => check?.GetAwaiter().GetResult();

    /// <summary>XxHash128 of a file's bytes (about 5 GB/s): a recommit of the very same file is recognized without reading it as a table.</summary>
    public static string Fingerprint(string path) => SourceFingerprint.Of(path);

    private static void CheckColumns(IEnumerable<string> names, string source)
    {
        var list = names.ToList();
        if (list.Count == 0) throw new MlopsException(MlopsErrorKind.InvalidArgument, $"{source} has no columns.");
        var bad = list.FirstOrDefault(n => string.IsNullOrWhiteSpace(n) || n.StartsWith("__", StringComparison.Ordinal));
        if (bad is not null)
            throw new MlopsException(MlopsErrorKind.InvalidArgument, $"{source} has a column named '{bad}'; column names must not be empty or start with '__'.");
        var duplicate = list.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new MlopsException(MlopsErrorKind.InvalidArgument, $"{source} has the column '{duplicate.Key}' more than once; column names must be unique (ignoring case).");
    }

    private static IDuckDBAppenderRow Append(IDuckDBAppenderRow row, object? value) => value switch
    {
        null or DBNull => row.AppendNullValue(),
        bool b => row.AppendValue(b),
        int i => row.AppendValue(i),
        long l => row.AppendValue(l),
        short s => row.AppendValue(s),
        byte b8 => row.AppendValue(b8),
        sbyte s8 => row.AppendValue(s8),
        ushort u16 => row.AppendValue(u16),
        uint u32 => row.AppendValue(u32),
        ulong u64 => row.AppendValue(u64),
        System.Numerics.BigInteger big => row.AppendValue(big),
        TimeOnly time => row.AppendValue(time),
        float f => row.AppendValue(f),
        double d => row.AppendValue(d),
        decimal m => row.AppendValue(m),
        string s => row.AppendValue(s),
        char ch => row.AppendValue(ch.ToString()),
        DateTime dt => row.AppendValue(dt),
        DateTimeOffset dto => row.AppendValue(dto.UtcDateTime),
        DateOnly date => row.AppendValue(date),
        Guid g => row.AppendValue(g),
        _ => row.AppendValue(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)),
    };

    private static void Read(DuckDBConnection c, FileSource file, string reader)
    {
        try { Hashed(c, reader, file.Description); }
        catch (DuckDBException e) { throw Unreadable(file, e); }
    }

    // DuckDB's first paragraph says where and what (line, original text, expected columns); the rest lists reader
    // options our users do not set
    private static MlopsException Unreadable(FileSource file, DuckDBException e)
    {
        var message = e.Message.Replace("\r", "");
        var cut = message.IndexOf("\nPossible ", StringComparison.Ordinal);
        var blank = message.IndexOf("\n\n", StringComparison.Ordinal);
        var end = new[] { cut, blank, message.Length }.Where(i => i > 0).Min();
        return new MlopsException(MlopsErrorKind.InvalidArgument, $"'{file.Path}' could not be read as {file.Format}: {message[..end].Trim()}", e);
    }
}

namespace Mlops;

/// <summary>Where a version's rows come from.</summary>
public abstract record DatasetSource
{
    /// <summary>What to call the source in messages and the log (a path, "DataFrame df", ...).</summary>
    public abstract string Description { get; }
}

/// <summary>A CSV, Parquet or JSON file, read by the store's engine.</summary>
public sealed record FileSource(string Path, FileFormat Format) : DatasetSource
{
    /// <inheritdoc/>
    public override string Description => System.IO.Path.GetFileName(Path);

    /// <summary>A file source whose format follows the extension (.csv, .tsv, .parquet, .json, .jsonl, .ndjson).</summary>
    /// <exception cref="MlopsException">NotFound for a missing file; InvalidArgument for an unknown extension.</exception>
    public static FileSource For(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(full)) throw MlopsException.NotFound($"file '{path}' does not exist (looked for {full}).");
        var format = System.IO.Path.GetExtension(full).ToLowerInvariant() switch
        {
            ".csv" or ".tsv" or ".txt" => FileFormat.Csv,
            ".parquet" => FileFormat.Parquet,
            ".json" or ".jsonl" or ".ndjson" => FileFormat.Json,
            var other => throw MlopsException.Invalid($"'{path}' has the extension '{other}'; commit a .csv, .tsv, .parquet, .json, .jsonl or .ndjson file, or a DataFrame."),
        };
        return new FileSource(full, format);
    }
}

/// <summary>File formats the store reads.</summary>
public enum FileFormat
{
    /// <summary>Delimited text with a header; delimiter and types are sniffed.</summary>
    Csv,
    /// <summary>Apache Parquet.</summary>
    Parquet,
    /// <summary>JSON array or newline-delimited JSON objects.</summary>
    Json,
}

/// <summary>Rows from memory (a DataFrame, an IDataView, a list of records), with their columns' SQL types.</summary>
public sealed record RowsSource(string Name, IReadOnlyList<TableColumn> Columns, IEnumerable<object?[]> Rows) : DatasetSource
{
    /// <inheritdoc/>
    public override string Description => Name;
}

/// <summary>A column: its name and standard SQL type (BOOLEAN, INTEGER, BIGINT, FLOAT, DOUBLE, DECIMAL, VARCHAR, DATE, TIMESTAMP).</summary>
public sealed record TableColumn(string Name, string Type);

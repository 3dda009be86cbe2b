namespace Mlops;

/// <summary>
/// Parses a dataset source (a CSV, Parquet or JSON file, or rows from memory) into typed rows with their row hashes, in
/// the client process. An engine that keeps rows elsewhere (a server) commits what it gets from here, so every engine
/// reads files the same way and gives the same content the same digest.
/// </summary>
public interface ITableParser
{
    /// <summary>Parses <paramref name="source"/>, refusing malformed input as a commit does.</summary>
    /// <exception cref="MlopsException">InvalidArgument naming what is wrong with the source (a bad line, a bad column name ...).</exception>
    ParsedTable Parse(DatasetSource source, IProgress<DatasetProgress>? progress = null);

    /// <summary>
    /// Starts parsing <paramref name="source"/> so that its rows can be sent on while it is read: the table's
    /// <see cref="ParsedTable.Chunks"/> can be read once, and its row count, digest, key check, hashes and rows are known
    /// once they have been. Null when the source cannot be read this way (not a file, or a column of a type chunks do not
    /// give): use <see cref="Parse"/>. When reading the chunks fails, the table is of no further use: <see cref="Parse"/>
    /// then gives the error worth reporting, or the rows (a value far down a CSV that does not fit the type guessed from
    /// its first rows is only handled there).
    /// </summary>
    ParsedTable? ParseStreaming(DatasetSource source, IProgress<DatasetProgress>? progress = null);

    /// <summary>The row hashes (<see cref="RowEncoder"/>) of rows given with their logical columns, in order.</summary>
    IReadOnlyList<UInt128> Hash(IReadOnlyList<TableColumn> columns, IEnumerable<object?[]> rows);
}

/// <summary>A parsed source: its columns (logical types), its digest, and its rows in source order with their row hashes.</summary>
public abstract class ParsedTable : IDisposable
{
    /// <summary>The columns in source order.</summary>
    public abstract IReadOnlyList<TableColumn> Columns { get; }

    /// <summary>How many rows.</summary>
    public abstract long RowCount { get; }

    /// <summary>The version digest of these rows (<see cref="DatasetDigest"/>).</summary>
    public abstract string Digest { get; }

    /// <summary>Checks that the key columns exist, hold no NULLs and identify each row once.</summary>
    /// <exception cref="MlopsException">InvalidArgument with examples of duplicates.</exception>
    public abstract void CheckKey(IReadOnlyList<string> key);

    /// <summary>The rows in source order: each row's values (in <see cref="Columns"/> order) and its row hash.</summary>
    public abstract IEnumerable<(object?[] Values, UInt128 Hash)> Rows();

    /// <summary>The row hashes alone, in source order.</summary>
    public abstract IReadOnlyList<UInt128> Hashes();

    /// <summary>The same rows in the same order, as chunks read column by column. Every column must be of a type
    /// <see cref="RowChunk.Reads"/> accepts.</summary>
    /// <exception cref="InvalidOperationException">A column of another type.</exception>
    public abstract IEnumerable<RowChunk> Chunks();

    /// <summary>Releases what parsing holds.</summary>
    public abstract void Dispose();
}

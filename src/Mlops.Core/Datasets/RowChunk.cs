namespace Mlops;

/// <summary>
/// A run of parsed rows read column by column, with no value object per cell: for an engine that encodes rows itself
/// (the team store writes PostgreSQL's binary COPY format from it, several times faster than a typed writer per value).
/// A chunk gives the values of the logical types <see cref="Reads"/> accepts; a source with a column of any other type is
/// read through <see cref="ParsedTable.Rows"/>. A chunk is valid until the next one is read.
/// </summary>
public abstract class RowChunk
{
    /// <summary>Whether chunks give values of <paramref name="logicalType"/> (booleans, integers up to 64 bits, floats,
    /// text, dates and microsecond timestamps).</summary>
    public static bool Reads(string logicalType) => logicalType.Trim().ToUpperInvariant() is "BOOLEAN" or "TINYINT" or "SMALLINT" or "INTEGER"
        or "BIGINT" or "UTINYINT" or "USMALLINT" or "UINTEGER" or "FLOAT" or "DOUBLE" or "VARCHAR" or "DATE" or "TIMESTAMP" or "TIMESTAMP WITH TIME ZONE";

    /// <summary>A date as <see cref="Date"/> gives it for infinity (-infinity is <see cref="int.MinValue"/>).</summary>
    public const int InfiniteDate = int.MaxValue;

    /// <summary>A timestamp as <see cref="Timestamp"/> gives it for infinity (-infinity is <see cref="long.MinValue"/>).</summary>
    public const long InfiniteTimestamp = long.MaxValue;

    /// <summary>How many rows.</summary>
    public abstract int Count { get; }

    /// <summary>The row hash of a row (<see cref="RowEncoder"/>).</summary>
    public abstract UInt128 Hash(int row);

    /// <summary>Whether a cell is NULL (its value is then undefined).</summary>
    public abstract bool IsNull(int column, int row);

    /// <summary>A BOOLEAN cell.</summary>
    public abstract bool Boolean(int column, int row);

    /// <summary>A cell of an integer type (TINYINT to BIGINT, UTINYINT to UINTEGER).</summary>
    public abstract long Integer(int column, int row);

    /// <summary>A FLOAT or DOUBLE cell.</summary>
    public abstract double Real(int column, int row);

    /// <summary>A VARCHAR cell as UTF-8.</summary>
    public abstract ReadOnlySpan<byte> Text(int column, int row);

    /// <summary>A DATE cell as days since 1970-01-01 (±infinity as <see cref="InfiniteDate"/> and <see cref="int.MinValue"/>).</summary>
    public abstract int Date(int column, int row);

    /// <summary>A TIMESTAMP cell, or a TIMESTAMP WITH TIME ZONE one in UTC, as microseconds since 1970-01-01 (±infinity as
    /// <see cref="InfiniteTimestamp"/> and <see cref="long.MinValue"/>).</summary>
    public abstract long Timestamp(int column, int row);
}

namespace Mlops.DuckDb;

/// <summary>SQL text for history tables. Only names this code generated or checked reach it, always quoted.</summary>
internal static class DatasetSql
{
    public static string Ident(string name) => "\"" + name.Replace("\"", "\"\"") + "\"";

    public static string Literal(string text) => "'" + text.Replace("'", "''") + "'";

    /// <summary>Rows present in <paramref name="version"/>: those whose interval [__from, __to) contains it.</summary>
    public static string Alive(int version, string alias = "") => $"{alias}__from <= {version} AND ({alias}__to IS NULL OR {alias}__to > {version})";

    /// <summary>A version as a query with its logical column names, in its own column order.</summary>
    public static string Select(StoredVersion version, string? where = null) =>
        $"SELECT {string.Join(", ", version.Columns.Select(c => $"{Ident(c.Physical)} AS {Ident(c.Name)}"))} FROM {version.Dataset.Table} WHERE {Alive(version.Number)}"
        + (where is null ? "" : $" AND ({where})");

    /// <summary>
    /// The row hash (<see cref="RowEncoder"/>, engine- and release-independent) over the columns in name order, so a
    /// reordered file hashes the same. Expressions give each logical column (a physical column, or a typed NULL where a
    /// row predates the column).
    /// </summary>
    public static string RowHash(IEnumerable<(string Name, string Type, string Expression)> columns) =>
        $"{RowHashFunction.Name}({string.Join(", ", columns.OrderBy(c => c.Name, StringComparer.Ordinal).Select(c => RowHashFunction.Argument(c.Type, c.Expression)))})";

    /// <summary>count(*) and the exact sums of the high and low halves of <paramref name="hash"/>, for <see cref="DatasetDigest"/>.</summary>
    public static string DigestAggregates(string hash) =>
        $"count(*), coalesce(sum(({hash} >> 64)::UBIGINT::HUGEINT), 0)::VARCHAR, coalesce(sum(({hash} & 18446744073709551615::UHUGEINT)::UBIGINT::HUGEINT), 0)::VARCHAR";

    /// <summary>The digest from the result of <see cref="DigestAggregates"/>.</summary>
    public static string Digest(IEnumerable<TableColumn> columns, (long Rows, string High, string Low) aggregates) =>
        DatasetDigest.Of(columns, aggregates.Rows, DatasetDigest.Sum(System.Numerics.BigInteger.Parse(aggregates.High, System.Globalization.CultureInfo.InvariantCulture),
            System.Numerics.BigInteger.Parse(aggregates.Low, System.Globalization.CultureInfo.InvariantCulture)));

    public static bool IsNumeric(string type)
    {
        var t = type.ToUpperInvariant();
        return t is "TINYINT" or "SMALLINT" or "INTEGER" or "BIGINT" or "HUGEINT" or "UTINYINT" or "USMALLINT" or "UINTEGER" or "UBIGINT"
                   or "FLOAT" or "REAL" or "DOUBLE" || t.StartsWith("DECIMAL", StringComparison.Ordinal);
    }
}

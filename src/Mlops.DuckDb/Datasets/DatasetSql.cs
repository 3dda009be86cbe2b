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

    /// <summary>
    /// The digest (<see cref="DatasetDigest"/>) of the rows of <paramref name="from"/> whose row hash is <paramref name="hash"/>:
    /// DuckDB sums the high and low halves of the hashes exactly, Core does the rest.
    /// </summary>
    public static string Digest(DuckDB.NET.Data.DuckDBConnection c, IEnumerable<TableColumn> columns, string hash, string from)
    {
        var (rows, high, low) = c.Query($"""
            SELECT count(*), coalesce(sum(({hash} >> 64)::UBIGINT::HUGEINT), 0)::VARCHAR,
                   coalesce(sum(({hash} & 18446744073709551615::UHUGEINT)::UBIGINT::HUGEINT), 0)::VARCHAR
            FROM {from}
            """, r => (r.GetInt64(0), r.GetString(1), r.GetString(2)))[0];
        var culture = System.Globalization.CultureInfo.InvariantCulture;
        return DatasetDigest.Of(columns, rows, DatasetDigest.Sum(System.Numerics.BigInteger.Parse(high, culture), System.Numerics.BigInteger.Parse(low, culture)));
    }

    public static bool IsNumeric(string type) => ColumnTypes.IsNumeric(type);
}

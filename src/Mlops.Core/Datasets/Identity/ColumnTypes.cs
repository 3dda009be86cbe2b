namespace Mlops;

/// <summary>
/// Column types in an engine-neutral form: <c>bool</c>, <c>int8</c>..<c>int128</c>, <c>uint8</c>..<c>uint128</c>,
/// <c>float32</c>, <c>float64</c>, <c>decimal(p,s)</c>, <c>string</c>, <c>bytes</c>, <c>date</c>, <c>time</c>,
/// <c>timestamp</c>, <c>timestamptz</c>, <c>uuid</c>; anything else keeps its own name in lower case.
/// </summary>
public static class ColumnTypes
{
    private static readonly Dictionary<string, string> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        ["BOOLEAN"] = "bool", ["BOOL"] = "bool",
        ["TINYINT"] = "int8", ["SMALLINT"] = "int16", ["INTEGER"] = "int32", ["INT"] = "int32", ["BIGINT"] = "int64", ["HUGEINT"] = "int128",
        ["UTINYINT"] = "uint8", ["USMALLINT"] = "uint16", ["UINTEGER"] = "uint32", ["UBIGINT"] = "uint64", ["UHUGEINT"] = "uint128",
        ["FLOAT"] = "float32", ["REAL"] = "float32", ["DOUBLE"] = "float64", ["DOUBLE PRECISION"] = "float64",
        ["VARCHAR"] = "string", ["TEXT"] = "string", ["BLOB"] = "bytes", ["BYTEA"] = "bytes",
        ["DATE"] = "date", ["TIME"] = "time", ["TIMESTAMP"] = "timestamp", ["TIMESTAMP WITHOUT TIME ZONE"] = "timestamp",
        ["TIMESTAMP WITH TIME ZONE"] = "timestamptz", ["TIMESTAMPTZ"] = "timestamptz", ["UUID"] = "uuid",
    };

    /// <summary>The engine-neutral name of a SQL type name, as the version digest records it.</summary>
    public static string Canonical(string type)
    {
        var trimmed = type.Trim();
        if (Names.TryGetValue(trimmed, out var name)) return name;
        if (trimmed.StartsWith("DECIMAL", StringComparison.OrdinalIgnoreCase) || trimmed.StartsWith("NUMERIC", StringComparison.OrdinalIgnoreCase))
        {
            var open = trimmed.IndexOf('(');
            return open < 0 ? "decimal" : "decimal" + trimmed[open..].Replace(" ", "", StringComparison.Ordinal);
        }
        return trimmed.ToLowerInvariant();
    }

    /// <summary>Whether values of the type are numbers: integers of any width, floating point or decimal.</summary>
    public static bool IsNumeric(string type)
    {
        var name = Canonical(type);
        return name.StartsWith("int", StringComparison.Ordinal) || name.StartsWith("uint", StringComparison.Ordinal)
            || name is "float32" or "float64" || name.StartsWith("decimal", StringComparison.Ordinal);
    }

    /// <summary>Whether values of the type are text.</summary>
    public static bool IsText(string type) => Canonical(type) == "string";

    /// <summary>Whether values of the type are true/false.</summary>
    public static bool IsBoolean(string type) => Canonical(type) == "bool";

    /// <summary>Whether values of the type are points in time: dates and timestamps (with or without a zone).</summary>
    public static bool IsDateOrTimestamp(string type) => Canonical(type) is "date" or "timestamp" or "timestamptz";
}

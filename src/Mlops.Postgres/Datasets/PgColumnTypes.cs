using System.Globalization;
using System.Numerics;
using NpgsqlTypes;

namespace Mlops.Postgres;

/// <summary>
/// How a column of a logical type (the type the client-side parser gives, such as BIGINT, DECIMAL(10,2), DATE) is kept in
/// PostgreSQL, how its values are written there, and how they read back as the values the parser gave.
/// </summary>
internal static class PgColumnTypes
{
    /// <summary>The PostgreSQL type of a column of <paramref name="logical"/> type.</summary>
    public static string Physical(string logical)
    {
        var t = logical.Trim().ToUpperInvariant();
        return t switch
        {
            "BOOLEAN" => "boolean",
            "TINYINT" or "SMALLINT" or "UTINYINT" => "smallint",
            "INTEGER" or "USMALLINT" => "integer",
            "BIGINT" or "UINTEGER" => "bigint",
            "UBIGINT" => "numeric(20,0)",
            "HUGEINT" or "UHUGEINT" => "numeric(39,0)",
            "FLOAT" or "REAL" => "real",
            "DOUBLE" => "double precision",
            "DATE" => "date",
            "TIME" => "time",
            "TIMESTAMP" or "TIMESTAMP_S" or "TIMESTAMP_MS" or "TIMESTAMP_NS" => "timestamp",
            "TIMESTAMP WITH TIME ZONE" => "timestamptz",
            "BLOB" => "bytea",
            "UUID" => "uuid",
            _ when t.StartsWith("DECIMAL", StringComparison.Ordinal) => "numeric" + t["DECIMAL".Length..].ToLowerInvariant(),
            _ => "text",
        };
    }

    /// <summary>Whether values of the type are numbers (for comparing a changed cell across a retyped column).</summary>
    public static bool IsNumeric(string logical) => ColumnTypes.IsNumeric(logical);

    /// <summary>The Npgsql type to write a column of <paramref name="logical"/> type with.</summary>
    public static NpgsqlDbType Writer(string logical) => Physical(logical) switch
    {
        "boolean" => NpgsqlDbType.Boolean,
        "smallint" => NpgsqlDbType.Smallint,
        "integer" => NpgsqlDbType.Integer,
        "bigint" => NpgsqlDbType.Bigint,
        "real" => NpgsqlDbType.Real,
        "double precision" => NpgsqlDbType.Double,
        "date" => NpgsqlDbType.Date,
        "time" => NpgsqlDbType.Time,
        "timestamp" => NpgsqlDbType.Timestamp,
        "timestamptz" => NpgsqlDbType.TimestampTz,
        "bytea" => NpgsqlDbType.Bytea,
        "uuid" => NpgsqlDbType.Uuid,
        var p when p.StartsWith("numeric", StringComparison.Ordinal) => NpgsqlDbType.Numeric,
        _ => NpgsqlDbType.Text,
    };

    /// <summary>A parsed value as the .NET value Npgsql writes for the column's PostgreSQL type.</summary>
    public static object ToServer(object value, string logical, NpgsqlDbType type) => (type, value) switch
    {
        // the usual cases first, passed through as they are
        (NpgsqlDbType.Bigint, long) or (NpgsqlDbType.Double, double) or (NpgsqlDbType.Text, string) or (NpgsqlDbType.Boolean, bool)
            or (NpgsqlDbType.Integer, int) or (NpgsqlDbType.Date, DateOnly) => value,
        (NpgsqlDbType.Smallint, _) => Convert.ToInt16(value, CultureInfo.InvariantCulture),
        (NpgsqlDbType.Integer, _) => Convert.ToInt32(value, CultureInfo.InvariantCulture),
        (NpgsqlDbType.Bigint, _) => Convert.ToInt64(value, CultureInfo.InvariantCulture),
        (NpgsqlDbType.Numeric, BigInteger big) => Big(big, logical),
        (NpgsqlDbType.Numeric, _) => Convert.ToDecimal(value, CultureInfo.InvariantCulture),
        (NpgsqlDbType.Real, _) => Convert.ToSingle(value, CultureInfo.InvariantCulture),
        (NpgsqlDbType.Double, _) => Convert.ToDouble(value, CultureInfo.InvariantCulture),
        (NpgsqlDbType.Date, DateTime d) => DateOnly.FromDateTime(d),
        (NpgsqlDbType.Time, TimeSpan t) => TimeOnly.FromTimeSpan(t),
        (NpgsqlDbType.Time, string text) => TimeOnly.Parse(text, CultureInfo.InvariantCulture),
        (NpgsqlDbType.Timestamp, DateTime d) => DateTime.SpecifyKind(d, DateTimeKind.Unspecified),
        (NpgsqlDbType.TimestampTz, DateTime d) => d.Kind == DateTimeKind.Utc ? d : DateTime.SpecifyKind(d.Kind == DateTimeKind.Local ? d.ToUniversalTime() : d, DateTimeKind.Utc),
        (NpgsqlDbType.TimestampTz, DateTimeOffset d) => d.UtcDateTime,
        (NpgsqlDbType.Bytea, Stream s) => ReadAll(s),
        (NpgsqlDbType.Text, not string) => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
        _ => value,
    };

    /// <summary>A value read from PostgreSQL as the value the parser gives for the logical type (what rows from memory take).</summary>
    public static object FromServer(object value, string logical)
    {
        var t = logical.Trim().ToUpperInvariant();
        return (t, value) switch
        {
            ("TINYINT", _) => Convert.ToSByte(value, CultureInfo.InvariantCulture),
            ("UTINYINT", _) => Convert.ToByte(value, CultureInfo.InvariantCulture),
            ("USMALLINT", _) => Convert.ToUInt16(value, CultureInfo.InvariantCulture),
            ("UINTEGER", _) => Convert.ToUInt32(value, CultureInfo.InvariantCulture),
            ("UBIGINT", _) => Convert.ToUInt64(value, CultureInfo.InvariantCulture),
            ("HUGEINT" or "UHUGEINT", decimal d) => new BigInteger(d),
            ("DATE", DateTime d) => DateOnly.FromDateTime(d),
            ("TIME", TimeSpan s) => TimeOnly.FromTimeSpan(s),
            ("TIMESTAMP WITH TIME ZONE", DateTime d) => new DateTimeOffset(DateTime.SpecifyKind(d, DateTimeKind.Utc)),
            _ => value,
        };
    }

    private static decimal Big(BigInteger value, string logical) =>
        value >= new BigInteger(decimal.MinValue) && value <= new BigInteger(decimal.MaxValue) ? (decimal)value
            : throw new MlopsException(MlopsErrorKind.InvalidArgument, $"a {logical} value {value} is beyond what the team store keeps exactly (±7.9e28).");

    private static byte[] ReadAll(Stream stream)
    {
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}

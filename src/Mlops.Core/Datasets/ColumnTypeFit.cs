using System.Globalization;
using System.Numerics;

namespace Mlops;

/// <summary>
/// Gives rows from memory back the exact column types a dataset stores. A DataFrame or a record cannot say DATE,
/// TIME, TINYINT or DECIMAL(10,2) (ML.NET has no such types), so a column read from a version comes back as the
/// nearest .NET type; committing it unchanged must not retype it and store every row again. A column takes the
/// preferred type (the version it was loaded from, or the dataset's latest version) when its default type is a
/// carrier of that type and every value fits it exactly; otherwise it keeps the type its values give.
/// </summary>
public static class ColumnTypeFit
{
    /// <summary>The source with each column retyped to <paramref name="preferred"/>'s type where every value fits, values converted.</summary>
    public static RowsSource Adopt(RowsSource source, IReadOnlyDictionary<string, string> preferred)
    {
        var targets = source.Columns.Select(c => preferred.TryGetValue(c.Name, out var p) && !Same(p, c.Type) && Carries(c.Type, p) ? p : null).ToArray();
        if (targets.All(t => t is null)) return source;
        foreach (var row in source.Rows)
            for (var i = 0; i < targets.Length; i++)
                if (targets[i] is { } target && row[i] is not null and not DBNull && Convert(row[i]!, target) is null) targets[i] = null;
        if (targets.All(t => t is null)) return source;
        var columns = source.Columns.Select((c, i) => targets[i] is { } t ? c with { Type = t } : c).ToList();
        return new RowsSource(source.Name, columns, source.Rows.Select(row =>
        {
            var converted = (object?[])row.Clone();
            for (var i = 0; i < targets.Length; i++)
                if (targets[i] is { } target && converted[i] is not null and not DBNull) converted[i] = Convert(converted[i]!, target);
            return converted;
        }));
    }

    private static bool Same(string a, string b) => ColumnTypes.Canonical(a) == ColumnTypes.Canonical(b);

    // which default types (what .NET values map to) can be carrying a value of the stored type
    private static bool Carries(string type, string stored)
    {
        var from = ColumnTypes.Canonical(type);
        var to = ColumnTypes.Canonical(stored);
        if (IsInteger(from)) return IsInteger(to);
        if (from.StartsWith("decimal", StringComparison.Ordinal)) return to.StartsWith("decimal", StringComparison.Ordinal);
        if (from is "float32" or "float64") return to is "float32" or "float64";
        if (from == "timestamp") return to is "date" or "timestamptz";
        if (from == "string") return to is "time" or "uuid" or "int128" or "uint128";
        return false;
    }

    private static bool IsInteger(string canonical) => canonical.StartsWith("int", StringComparison.Ordinal) || canonical.StartsWith("uint", StringComparison.Ordinal);

    /// <summary>The value as the .NET value of <paramref name="stored"/>, or null when it does not fit exactly.</summary>
    private static object? Convert(object value, string stored)
    {
        var to = ColumnTypes.Canonical(stored);
        if (IsInteger(to)) return Integer(value) is { } n && InRange(n, to) ? Narrow(n, to) : null;
        if (to.StartsWith("decimal", StringComparison.Ordinal)) return value is decimal m && FitsDecimal(m, to) ? m : null;
        switch (to)
        {
            case "float32":
                return value switch { float f => f, double d when double.IsNaN(d) || (double)(float)d == d => (object)(float)d, _ => null };
            case "float64":
                return value switch { double d => d, float f => (object)(double)f, _ => null };
            case "date":
                return value switch { DateOnly d => d, DateTime t when t.TimeOfDay == TimeSpan.Zero => DateOnly.FromDateTime(t), _ => null };
            case "timestamptz":
                return value switch
                {
                    DateTimeOffset o => o.ToUniversalTime(),
                    DateTime t => new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)),
                    _ => null,
                };
            case "time":
                return value switch
                {
                    TimeOnly t => t,
                    TimeSpan s when s >= TimeSpan.Zero && s < TimeSpan.FromDays(1) => TimeOnly.FromTimeSpan(s),
                    string s when TimeOnly.TryParse(s, CultureInfo.InvariantCulture, out var t) && Text(t) == s => t,
                    _ => null,
                };
            case "uuid":
                return value switch { Guid g => g, string s when Guid.TryParse(s, out var g) && g.ToString() == s => g, _ => null };
            default:
                return null;
        }
    }

    /// <summary>How a TIME value is written as text, exactly (what a DataFrame column of a TIME column holds).</summary>
    public static string Text(TimeOnly time) => time.ToString(time.Ticks % TimeSpan.TicksPerSecond == 0 ? "HH:mm:ss" : "HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);

    private static BigInteger? Integer(object value) => value switch
    {
        sbyte v => v, byte v => v, short v => v, ushort v => v, int v => v, uint v => v, long v => v, ulong v => v,
        BigInteger v => v, Int128 v => (BigInteger)v, UInt128 v => (BigInteger)v,
        string s when BigInteger.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) && v.ToString(CultureInfo.InvariantCulture) == s => v,
        _ => null,
    };

    private static bool InRange(BigInteger n, string to) => to switch
    {
        "int8" => n >= sbyte.MinValue && n <= sbyte.MaxValue,
        "int16" => n >= short.MinValue && n <= short.MaxValue,
        "int32" => n >= int.MinValue && n <= int.MaxValue,
        "int64" => n >= long.MinValue && n <= long.MaxValue,
        "int128" => n >= (BigInteger)Int128.MinValue && n <= (BigInteger)Int128.MaxValue,
        "uint8" => n >= 0 && n <= byte.MaxValue,
        "uint16" => n >= 0 && n <= ushort.MaxValue,
        "uint32" => n >= 0 && n <= uint.MaxValue,
        "uint64" => n >= 0 && n <= ulong.MaxValue,
        "uint128" => n >= 0 && n <= (BigInteger)UInt128.MaxValue,
        _ => false,
    };

    // each arm boxed as its own type: a switch of numbers would otherwise give them all the common type BigInteger
    private static object Narrow(BigInteger n, string to) => to switch
    {
        "int8" => (object)(sbyte)n, "int16" => (object)(short)n, "int32" => (object)(int)n, "int64" => (object)(long)n,
        "uint8" => (object)(byte)n, "uint16" => (object)(ushort)n, "uint32" => (object)(uint)n, "uint64" => (object)(ulong)n,
        _ => n,
    };

    // decimal(p,s): at most s digits after the point and p - s before it
    private static bool FitsDecimal(decimal value, string canonical)
    {
        var open = canonical.IndexOf('(');
        if (open < 0) return true;
        var parts = canonical[(open + 1)..^1].Split(',');
        if (parts.Length != 2 || !int.TryParse(parts[0], out var precision) || !int.TryParse(parts[1], out var scale)) return false;
        var normalized = value / 1.000000000000000000000000000000000m;
        if (normalized.Scale > scale) return false;
        var whole = decimal.Truncate(Math.Abs(normalized));
        return whole == 0 || whole.ToString(CultureInfo.InvariantCulture).Length <= precision - scale;
    }
}

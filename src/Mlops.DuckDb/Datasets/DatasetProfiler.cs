using System.Globalization;
using DuckDB.NET.Data;
using static Mlops.DuckDb.DatasetSql;

namespace Mlops.DuckDb;

/// <summary>Per-column statistics computed by DuckDB over the version's rows; only the results cross into .NET.</summary>
internal static class DatasetProfiler
{
    public static DatasetProfile Run(DuckDBConnection c, StoredVersion version, int bins)
    {
        var rows = $"({Select(version)}) v";
        var columns = version.Columns.Select(column =>
        {
            var col = Ident(column.Name);
            var numeric = IsNumeric(column.Type);
            var (count, distinct, min, max, mean, std) = c.Query(numeric
                    ? $"SELECT count({col}), count(DISTINCT {col}), min({col})::DOUBLE, max({col})::DOUBLE, avg({col})::DOUBLE, stddev_samp({col})::DOUBLE FROM {rows}"
                    : $"SELECT count({col}), count(DISTINCT {col}), min({col})::VARCHAR, max({col})::VARCHAR, NULL::DOUBLE, NULL::DOUBLE FROM {rows}",
                r => (r.GetInt64(0), r.GetInt64(1), r.IsDBNull(2) ? null : r.GetValue(2), r.IsDBNull(3) ? null : r.GetValue(3),
                      r.IsDBNull(4) ? (double?)null : r.GetDouble(4), r.IsDBNull(5) ? (double?)null : r.GetDouble(5)))[0];
            var top = c.Query($"SELECT {col}::VARCHAR, count(*) FROM {rows} WHERE {col} IS NOT NULL GROUP BY {col} ORDER BY 2 DESC, 1 LIMIT 5",
                r => new ValueCount(r.GetString(0), r.GetInt64(1)));
            var histogram = numeric && min is double lo && max is double hi && double.IsFinite(lo) && double.IsFinite(hi)
                ? Histogram(c, rows, col, lo, hi, bins)
                : null;
            return new ColumnProfile(column.Name, column.Type, count, version.Version.Rows - count, distinct, numeric,
                Text(min), Text(max), mean, std, top, histogram);
        }).ToList();
        return new DatasetProfile(version.Version, columns);
    }

    private static Histogram Histogram(DuckDBConnection c, string rows, string col, double lo, double hi, int bins)
    {
        if (lo == hi) return new Histogram([lo, hi], [c.Scalar<long>($"SELECT count({col}) FROM {rows}")]);
        var width = (hi - lo) / bins;
        var counts = new long[bins];
        foreach (var (bin, count) in c.Query(
                     $"SELECT least(floor(({col}::DOUBLE - {Num(lo)}) / {Num(width)}), {bins - 1})::INTEGER AS b, count(*) FROM {rows} WHERE {col} IS NOT NULL AND NOT isnan({col}::DOUBLE) GROUP BY b",
                     r => (r.GetInt32(0), r.GetInt64(1))))
            counts[Math.Clamp(bin, 0, bins - 1)] += count;
        return new Histogram(Enumerable.Range(0, bins + 1).Select(i => lo + i * width).ToList(), counts);
    }

    internal static string Num(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string? Text(object? value) => value switch
    {
        null => null,
        double d => d.ToString("G6", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };
}

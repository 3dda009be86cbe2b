using DuckDB.NET.Data;
using static Mlops.DuckDb.DatasetSql;

namespace Mlops.DuckDb;

/// <summary>
/// Per-column drift computed by DuckDB: bin counts for the population stability index (reference deciles for numbers,
/// the reference's 20 most frequent values otherwise, NULL as a bin of its own), and the two-sample Kolmogorov-Smirnov
/// statistic from cumulative counts over the distinct values.
/// </summary>
internal static class DatasetDrifter
{
    private const int MaxCategories = 20;
    private const double Epsilon = 1e-4; // stands in for an empty bin's share, as is usual for PSI

    public static DatasetDrift Run(DuckDBConnection c, StoredVersion reference, StoredVersion current, DriftThresholds thresholds)
    {
        var refRows = $"({Select(reference)}) r";
        var curRows = $"({Select(current)}) k";
        var columns = new List<ColumnDrift>();
        foreach (var column in reference.Columns)
        {
            if (current.Column(column.Name) is not { } other) continue;
            var col = Ident(column.Name);
            var numeric = IsNumeric(column.Type) && IsNumeric(other.Type);
            var (labels, binExpression) = numeric ? NumericBins(c, refRows, col) : CategoryBins(c, refRows, col);
            var refShare = Shares(c, refRows, binExpression, labels.Count);
            var curShare = Shares(c, curRows, binExpression, labels.Count);
            var psi = refShare.Zip(curShare, (r, k) => (Math.Max(k, Epsilon) - Math.Max(r, Epsilon)) * Math.Log(Math.Max(k, Epsilon) / Math.Max(r, Epsilon))).Sum();
            var (ks, p) = numeric ? KolmogorovSmirnov(c, refRows, curRows, col) : (null, null);
            columns.Add(new ColumnDrift(column.Name, other.Type, psi, ks, p, thresholds.Classify(psi, ks, p), labels, refShare, curShare));
        }
        return new DatasetDrift(reference.Version, current.Version, columns, thresholds);
    }

    private static (List<string> Labels, string Expression) NumericBins(DuckDBConnection c, string rows, string col)
    {
        var edges = c.Query($"SELECT unnest(quantile_cont({col}::DOUBLE, [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9])) FROM {rows} WHERE {col} IS NOT NULL AND NOT isnan({col}::DOUBLE)",
            r => r.IsDBNull(0) ? double.NaN : r.GetDouble(0)).Where(double.IsFinite).Distinct().Order().ToList();
        var labels = new List<string>();
        var cases = new List<string>();
        for (var i = 0; i < edges.Count; i++)
        {
            labels.Add(i == 0 ? $"≤ {Short(edges[0])}" : $"{Short(edges[i - 1])} – {Short(edges[i])}");
            cases.Add($"WHEN {col}::DOUBLE <= {DatasetProfiler.Num(edges[i])} THEN {i}");
        }
        labels.Add(edges.Count == 0 ? "all" : $"> {Short(edges[^1])}");
        labels.Add("(null)");
        var expression = $"CASE WHEN {col} IS NULL OR isnan({col}::DOUBLE) THEN {labels.Count - 1} {string.Join(" ", cases)} ELSE {labels.Count - 2} END";
        return (labels, expression);
    }

    private static (List<string> Labels, string Expression) CategoryBins(DuckDBConnection c, string rows, string col)
    {
        var top = c.Query($"SELECT {col}::VARCHAR FROM {rows} WHERE {col} IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT {MaxCategories}", r => r.GetString(0));
        var labels = top.Append("(other)").Append("(null)").ToList();
        var cases = string.Join(" ", top.Select((value, i) => $"WHEN {col}::VARCHAR = {Literal(value)} THEN {i}"));
        return (labels, $"CASE WHEN {col} IS NULL THEN {labels.Count - 1} {cases} ELSE {labels.Count - 2} END");
    }

    private static List<double> Shares(DuckDBConnection c, string rows, string binExpression, int bins)
    {
        var counts = new double[bins];
        foreach (var (bin, count) in c.Query($"SELECT {binExpression} AS b, count(*) FROM {rows} GROUP BY b", r => (r.GetInt32(0), r.GetInt64(1))))
            counts[bin] = count;
        var total = counts.Sum();
        return counts.Select(x => total == 0 ? 0 : x / total).ToList();
    }

    private static (double? Statistic, double? PValue) KolmogorovSmirnov(DuckDBConnection c, string refRows, string curRows, string col)
    {
        var (d, n1, n2) = c.Query($"""
            WITH a AS (SELECT {col}::DOUBLE AS x, 1 AS s FROM {refRows} WHERE {col} IS NOT NULL AND NOT isnan({col}::DOUBLE)
                       UNION ALL SELECT {col}::DOUBLE, 2 FROM {curRows} WHERE {col} IS NOT NULL AND NOT isnan({col}::DOUBLE)),
                 g AS (SELECT x, count(*) FILTER (WHERE s = 1) AS c1, count(*) FILTER (WHERE s = 2) AS c2 FROM a GROUP BY x),
                 n AS (SELECT sum(c1) AS n1, sum(c2) AS n2 FROM g),
                 f AS (SELECT sum(c1) OVER (ORDER BY x) / n.n1 AS f1, sum(c2) OVER (ORDER BY x) / n.n2 AS f2 FROM g, n)
            SELECT max(abs(f1 - f2))::DOUBLE, (SELECT n1 FROM n)::BIGINT, (SELECT n2 FROM n)::BIGINT FROM f
            """, r => (r.IsDBNull(0) ? (double?)null : r.GetDouble(0), r.IsDBNull(1) ? 0 : r.GetInt64(1), r.IsDBNull(2) ? 0 : r.GetInt64(2)))[0];
        if (d is not { } statistic || n1 == 0 || n2 == 0) return (null, null);
        return (statistic, KolmogorovPValue(statistic, n1, n2));
    }

    /// <summary>The asymptotic p-value of the two-sample KS statistic, with Stephens' small-sample correction.</summary>
    internal static double KolmogorovPValue(double d, long n1, long n2)
    {
        var ne = (double)n1 * n2 / (n1 + n2);
        var lambda = (Math.Sqrt(ne) + 0.12 + 0.11 / Math.Sqrt(ne)) * d;
        if (lambda < 0.2) return 1;
        double sum = 0;
        for (var k = 1; k <= 100; k++)
        {
            var term = Math.Exp(-2 * k * k * lambda * lambda);
            sum += (k % 2 == 1 ? 1 : -1) * term;
            if (term < 1e-12) break;
        }
        return Math.Clamp(2 * sum, 0, 1);
    }

    private static string Short(double value) => value.ToString("G4", System.Globalization.CultureInfo.InvariantCulture);
}

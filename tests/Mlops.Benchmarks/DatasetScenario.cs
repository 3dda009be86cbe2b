using System.Diagnostics;
using System.Security.Cryptography;
using DuckDB.NET.Data;
using Microsoft.Data.Analysis;

namespace Mlops.Benchmarks;

/// <summary>
/// <c>datasets</c>: a 1,000,000-row, 10-column CSV (about 85 MB) committed, recommitted, edited (1% changed, 0.5% deleted,
/// 0.5% inserted), diffed and read back; against DuckDB's own CSV ingest, a bare keyed FULL OUTER JOIN of two plain
/// tables, a read of a plain table, and the sha256 of the file, all measured in the same run.
/// </summary>
internal static class DatasetScenario
{
    private const int Rows = 1_000_000;

    public static void Run()
    {
        var folder = Report.TempFolder("datasets");
        try
        {
            var v1Csv = Path.Combine(folder, "v1.csv");
            var v2Csv = Path.Combine(folder, "v2.csv");
            var v3Csv = Path.Combine(folder, "v3.csv");
            var shuffledCsv = Path.Combine(folder, "v1-shuffled.csv");
            var v1Parquet = Path.Combine(folder, "v1.parquet");
            Generate(folder, v1Csv, v2Csv, v3Csv, shuffledCsv, v1Parquet);
            Report.Note($"v1.csv: {new FileInfo(v1Csv).Length:N0} bytes, {Rows:N0} rows x 10 columns");

            var sha256 = Report.Median(3, () => Report.Time(() => { using var f = File.OpenRead(v1Csv); SHA256.HashData(f); }).TotalSeconds);
            Report.Result("datasets.sha256_s", sha256, "s");
            var ingest = Report.Median(3, () => Ingest(folder, v1Csv));
            Report.Result("datasets.ingest_s", ingest, "s");

            // Parquet reads fast, so it shows our own cost (hashing, the history table) that the CSV parse hides
            var ingestParquet = Report.Median(3, () => Ingest(folder, v1Parquet, "read_parquet"));
            Report.Result("datasets.ingest_parquet_s", ingestParquet, "s");
            var commitParquet = Report.Median(3, () =>
            {
                using var fresh = MlopsClient.Open(Path.Combine(folder, $"parquet-{Guid.NewGuid():N}"));
                return Report.Time(() => fresh.Datasets.Commit("bench", v1Parquet, key: ["id"])).TotalSeconds;
            });
            Report.Result("datasets.commit_parquet_s", commitParquet, "s");
            Report.Result("datasets.commit_parquet_vs_ingest", commitParquet / ingestParquet, "x");

            // first version, recommits (same file; same rows in another order), second version: on one store
            var store = Path.Combine(folder, "store");
            using var client = MlopsClient.Open(store);
            var commit = Report.Time(() => client.Datasets.Commit("bench", v1Csv, key: ["id"])).TotalSeconds;
            Report.Result("datasets.commit_s", commit, "s");
            var v1Bytes = SettledBytes(store);

            Report.Result("datasets.v1_bytes", v1Bytes, "bytes");
            var recommit = Report.Median(3, () => Report.Time(() => Unchanged(client.Datasets.Commit("bench", v1Csv))).TotalSeconds);
            Report.Result("datasets.recommit_s", recommit, "s");
            var reordered = Report.Time(() => Unchanged(client.Datasets.Commit("bench", shuffledCsv))).TotalSeconds;
            Report.Result("datasets.recommit_reordered_s", reordered, "s");
            Report.Result("datasets.recommit_growth_bytes", SettledBytes(store) - v1Bytes, "bytes");
            var second = Report.Time(() => client.Datasets.Commit("bench", v2Csv)).TotalSeconds;
            var v2 = client.Datasets.Get("bench@2");
            Report.Note($"v2: +{v2.Added:N0} -{v2.Removed:N0} ~{v2.Changed:N0} in {second:0.00} s");
            var growth = SettledBytes(store) - v1Bytes;

            Report.Result("datasets.v2_commit_s", second, "s");
            Report.Result("datasets.v2_growth_bytes", growth, "bytes");
            Report.Result("datasets.v2_growth_share", (double)growth / v1Bytes, "x");
            // part of that growth is blocks DuckDB's checkpoint rewrites copy-on-write and frees; the next commit reuses them
            var (used, free) = Blocks(store);
            Report.Result("datasets.v2_free_bytes", free, "bytes");
            Report.Note($"after v2 the file holds {used:N0} bytes in use and {free:N0} free for reuse");
            var v2Bytes = SettledBytes(store);
            client.Datasets.Commit("bench", v3Csv);
            Report.Result("datasets.v3_growth_bytes", SettledBytes(store) - v2Bytes, "bytes");

            var keyed = Report.Median(5, () => Report.Time(() => client.Datasets.Diff("bench@1", "bench@2")).TotalSeconds);
            var raw = Report.Median(5, () => BareJoin(folder, v1Csv, v2Csv));
            Report.Result("datasets.keyed_diff_s", keyed, "s");
            Report.Result("datasets.raw_diff_s", raw, "s");

            var readV1 = Report.Median(3, () => Report.Time(() => Check(client.Datasets.Load("bench@1"))).TotalSeconds);
            var readPlain = Report.Median(3, () => ReadPlain(folder));
            Report.Result("datasets.read_v1_s", readV1, "s");
            Report.Result("datasets.read_plain_s", readPlain, "s");

            var profile = Report.Median(3, () => Report.Time(() => client.Datasets.Profile("bench@2")).TotalSeconds);
            var drift = Report.Median(3, () => Report.Time(() => client.Datasets.Drift("bench@1", "bench@2")).TotalSeconds);
            Report.Result("datasets.profile_s", profile, "s");
            Report.Result("datasets.drift_s", drift, "s");

            Report.Result("datasets.commit_vs_ingest", commit / ingest, "x");
            Report.Result("datasets.recommit_vs_ingest", recommit / ingest, "x");
            Report.Result("datasets.keyed_diff_vs_raw", keyed / raw, "x");
            Report.Result("datasets.read_v1_vs_plain", readV1 / readPlain, "x");
            Report.Note("targets: commit <= 2x ingest; Parquet commit <= 3x its ingest; recommit <= 0.5x ingest and 0 bytes; v2 growth <= 4% of v1; keyed diff <= 3x raw; read v1 <= 1.5x plain");
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    /// <summary>Writes v1 (fixed seed), v2 and v3 (each 1% of rows changed, 0.5% deleted, 0.5% inserted) and v1 with its rows shuffled, with DuckDB.</summary>
    internal static void Generate(string folder, string v1, string v2, string v3, string shuffled, string parquet)
    {
        using var c = Open(Path.Combine(folder, "generate.duckdb"));
        Execute(c, $"""
            SELECT setseed(0.42);
            CREATE TABLE v1 AS SELECT i AS id, round(random() * 1000, 6) AS f1, round(random() * 2 - 1, 6) AS f2, round(random() * 100000, 2) AS f3,
                round(random() * 100, 5) AS f4, 'cat_' || lpad((i % 20)::VARCHAR, 2, '0') AS cat,
                array_to_string(list_transform(range(8), x -> chr(97 + floor(random() * 26)::INT)), '') AS name,
                chr(65 + floor(random() * 26)::INT) || chr(65 + floor(random() * 26)::INT) || '-' || lpad(floor(random() * 10000)::INT::VARCHAR, 4, '0') AS code,
                DATE '2000-01-01' + floor(random() * 9000)::INT AS dt, random() < 0.5 AS flag
            FROM range(1, {Rows + 1}) t(i);
            COPY v1 TO '{v1}' (HEADER);
            COPY v1 TO '{parquet}' (FORMAT PARQUET);
            CREATE TABLE v2 AS SELECT * REPLACE (CASE WHEN id % 100 = 0 THEN f1 + 1 ELSE f1 END AS f1) FROM v1 WHERE id % 200 <> 1;
            INSERT INTO v2 SELECT id + {Rows} AS id, f1, f2, f3, f4, cat, name, code, dt, flag FROM v1 WHERE id % 200 = 2;
            COPY v2 TO '{v2}' (HEADER);
            CREATE TABLE v3 AS SELECT * REPLACE (CASE WHEN id % 100 = 50 THEN f2 + 1 ELSE f2 END AS f2) FROM v2 WHERE id % 200 <> 3;
            INSERT INTO v3 SELECT id + {2 * Rows} AS id, f1, f2, f3, f4, cat, name, code, dt, flag FROM v1 WHERE id % 200 = 4;
            COPY v3 TO '{v3}' (HEADER);
            COPY (SELECT * FROM v1 ORDER BY hash(id)) TO '{shuffled}' (HEADER);
            """);
    }

    private static double Ingest(string folder, string path, string reader = "read_csv")
    {
        var file = Path.Combine(folder, $"ingest-{Guid.NewGuid():N}.duckdb");
        var clock = Stopwatch.StartNew();
        using (var c = Open(file)) Execute(c, $"CREATE TABLE t AS SELECT * FROM {reader}('{path}'{(reader == "read_csv" ? ", header = true" : "")})");
        var seconds = clock.Elapsed.TotalSeconds;
        File.Delete(file);
        return seconds;
    }

    private static double BareJoin(string folder, string v1, string v2)
    {
        var file = Path.Combine(folder, "plain.duckdb");
        using var c = Open(file);
        Execute(c, $"CREATE TABLE IF NOT EXISTS p1 AS SELECT * FROM read_csv('{v1}', header = true); CREATE TABLE IF NOT EXISTS p2 AS SELECT * FROM read_csv('{v2}', header = true)");
        var columns = new[] { "f1", "f2", "f3", "f4", "cat", "name", "code", "dt", "flag" };
        var clock = Stopwatch.StartNew();
        using var command = c.CreateCommand();
        command.CommandText = $"""
            SELECT count(*) FILTER (WHERE a.id IS NULL), count(*) FILTER (WHERE b.id IS NULL),
                   count(*) FILTER (WHERE a.id IS NOT NULL AND b.id IS NOT NULL AND ({string.Join(" OR ", columns.Select(x => $"a.{x} IS DISTINCT FROM b.{x}"))}))
            FROM p1 a FULL OUTER JOIN p2 b ON a.id = b.id
            """;
        using (var reader = command.ExecuteReader()) reader.Read();
        return clock.Elapsed.TotalSeconds;
    }

    private static double ReadPlain(string folder)
    {
        using var c = Open(Path.Combine(folder, "plain.duckdb"));
        var clock = Stopwatch.StartNew();
        using var command = c.CreateCommand();
        command.CommandText = "SELECT * FROM p1";
        Check(TableFrames.ToDataFrame(command.ExecuteReader()));
        return clock.Elapsed.TotalSeconds;
    }

    private static void Check(DataFrame frame)
    {
        if (frame.Rows.Count != Rows) throw new InvalidOperationException($"read {frame.Rows.Count} rows, expected {Rows}");
    }

    private static void Unchanged(DatasetCommitResult result)
    {
        if (!result.Unchanged) throw new InvalidOperationException("the same content was stored again");
    }

    private static (long Used, long Free) Blocks(string store)
    {
        using var probe = Open(Path.Combine(store, "mlops.duckdb"));
        using var cmd = probe.CreateCommand();
        cmd.CommandText = "SELECT used_blocks * block_size, free_blocks * block_size FROM pragma_database_size()";
        using var r = cmd.ExecuteReader();
        r.Read();
        return (Convert.ToInt64(r.GetValue(0)), Convert.ToInt64(r.GetValue(1)));
    }

    // sizes once the file has been closed, as it is 100 ms after the last operation: its last changes are checkpointed
    // into the file then, and whether they were still in the WAL a moment earlier is timing, not storage
    private static long SettledBytes(string store)
    {
        Thread.Sleep(500);
        return StoreBytes(store);
    }

    private static long StoreBytes(string store) =>
        new DirectoryInfo(store).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);

    private static DuckDBConnection Open(string file)
    {
        var c = new DuckDBConnection($"Data Source={file}");
        c.Open();
        return c;
    }

    private static void Execute(DuckDBConnection c, string sql)
    {
        using var command = c.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

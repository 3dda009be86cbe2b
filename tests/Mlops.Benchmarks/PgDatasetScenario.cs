using System.Diagnostics;
using DuckDB.NET.Data;
using Mlops.TestSupport;
using Npgsql;
using NpgsqlTypes;

namespace Mlops.Benchmarks;

/// <summary>
/// <c>pg-datasets</c>: the <c>datasets</c> scenario's 1,000,000-row, 10-column CSV committed to a team store on a local
/// PostgreSQL server (syncing commits), recommitted, edited (1% changed, 0.5% deleted, 0.5% inserted) and diffed;
/// against, in the same run, DuckDB's parse of the file plus a bare binary COPY of its rows into a plain table on the
/// same server, and a bare keyed FULL OUTER JOIN ... IS DISTINCT FROM of the two versions as plain tables there.
/// </summary>
internal static class PgDatasetScenario
{
    private static readonly string[] Columns = ["id", "f1", "f2", "f3", "f4", "cat", "name", "code", "dt", "flag"];

    public static void Run()
    {
        var folder = Report.TempFolder("pg-datasets");
        var server = PostgresServer.Durable;
        try
        {
            var (v1, v2) = (Path.Combine(folder, "v1.csv"), Path.Combine(folder, "v2.csv"));
            DatasetScenario.Generate(folder, v1, v2, Path.Combine(folder, "v3.csv"), Path.Combine(folder, "shuffled.csv"), Path.Combine(folder, "v1.parquet"));
            var plain = PgLoggingScenario.Database(server.NewDatabase("plain"));
            var ingest = Report.Median(3, () => Ingest(server, plain, v1, "p1"));
            Ingest(server, plain, v2, "p2");
            Report.Result("pg.datasets.ingest_s", ingest, "s");

            var store = server.NewDatabase("datasets");
            using var client = MlopsClient.Open(store);
            var stages = new List<string>();
            var commit = Report.Time(() => client.Datasets.Commit("bench", v1, key: ["id"], progress: new Stages(stages))).TotalSeconds;
            Report.Note("first commit: " + string.Join("; ", stages));
            Report.Result("pg.datasets.commit_s", commit, "s");
            Report.Result("pg.datasets.commit_vs_ingest", commit / ingest, "x");
            var before = Bytes(server, store);
            var recommit = Report.Median(3, () => Report.Time(() =>
            {
                if (!client.Datasets.Commit("bench", v1).Unchanged) throw new InvalidOperationException("the same file made a new version");
            }).TotalSeconds);
            Report.Result("pg.datasets.recommit_s", recommit, "s");
            Report.Result("pg.datasets.recommit_vs_ingest", recommit / ingest, "x");
            Report.Result("pg.datasets.recommit_growth_bytes", Bytes(server, store) - before, "bytes");
            stages.Clear();
            var second = Report.Time(() => client.Datasets.Commit("bench", v2, progress: new Stages(stages))).TotalSeconds;
            Report.Note("v2 commit: " + string.Join("; ", stages));
            Report.Result("pg.datasets.v2_commit_s", second, "s");
            var growth = Bytes(server, store) - before;
            Report.Result("pg.datasets.v2_growth_bytes", growth, "bytes");
            Report.Result("pg.datasets.v2_growth_share", (double)growth / before, "x");

            var keyed = Report.Median(3, () => Report.Time(() => client.Datasets.Diff("bench@1", "bench@2")).TotalSeconds);
            var raw = Report.Median(3, () => RawDiff(server, plain));
            Report.Result("pg.datasets.keyed_diff_s", keyed, "s");
            Report.Result("pg.datasets.raw_diff_s", raw, "s");
            Report.Result("pg.datasets.keyed_diff_vs_raw", keyed / raw, "x");
            Report.Note("targets: commit <= 2x ingest; recommit <= 0.5x ingest and 0 bytes; keyed diff <= 3x the bare join; v2 growth <= 0.05 of v1");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>DuckDB parses the CSV; its rows go into a plain table on the server by one binary COPY.</summary>
    private static double Ingest(PostgresServer server, string database, string csv, string table)
    {
        using var connection = new NpgsqlConnection(server.ConnectionString(database));
        connection.Open();
        PgLoggingScenario.Execute(connection, $"""
            DROP TABLE IF EXISTS {table};
            CREATE TABLE {table} (id bigint, f1 double precision, f2 double precision, f3 double precision, f4 double precision, cat text, name text, code text, dt date, flag boolean)
            """);
        var clock = Stopwatch.StartNew();
        using (var duck = new DuckDBConnection("Data Source=:memory:"))
        {
            duck.Open();
            using var command = duck.CreateCommand();
            command.CommandText = $"SELECT * FROM read_csv('{csv}', header = true)";
            using var reader = command.ExecuteReader();
            using var copy = connection.BeginBinaryImport($"COPY {table} FROM STDIN (FORMAT BINARY)");
            NpgsqlDbType[] types = [NpgsqlDbType.Bigint, NpgsqlDbType.Double, NpgsqlDbType.Double, NpgsqlDbType.Double, NpgsqlDbType.Double,
                NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Date, NpgsqlDbType.Boolean];
            while (reader.Read())
            {
                copy.StartRow();
                for (var i = 0; i < types.Length; i++)
                {
                    if (reader.IsDBNull(i)) copy.WriteNull();
                    else copy.Write(reader.GetValue(i) is DateTime d ? DateOnly.FromDateTime(d) : reader.GetValue(i), types[i]);
                }
            }
            copy.Complete();
        }
        return clock.Elapsed.TotalSeconds;
    }

    private static double RawDiff(PostgresServer server, string database)
    {
        using var connection = new NpgsqlConnection(server.ConnectionString(database));
        connection.Open();
        var clock = Stopwatch.StartNew();
        using var command = new NpgsqlCommand($"""
            SELECT count(*) FILTER (WHERE a.id IS NULL), count(*) FILTER (WHERE b.id IS NULL),
                   count(*) FILTER (WHERE a.id IS NOT NULL AND b.id IS NOT NULL AND ({string.Join(" OR ", Columns.Skip(1).Select(x => $"a.{x} IS DISTINCT FROM b.{x}"))}))
            FROM p1 a FULL OUTER JOIN p2 b ON a.id = b.id
            """, connection);
        using (var reader = command.ExecuteReader()) reader.Read();
        return clock.Elapsed.TotalSeconds;
    }

    private static long Bytes(PostgresServer server, string store)
    {
        using var connection = new NpgsqlConnection(server.ConnectionString(PgLoggingScenario.Database(store)));
        connection.Open();
        PgLoggingScenario.Execute(connection, "CHECKPOINT");
        using var command = new NpgsqlCommand(
            "SELECT sum(pg_total_relation_size(c.oid))::bigint FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'mlops' AND c.relkind = 'r'", connection);
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>Where a commit's time went: each stage with the time it was reached (reported synchronously).</summary>
    private sealed class Stages(List<string> stages) : IProgress<DatasetProgress>
    {
        public void Report(DatasetProgress value)
        {
            if (value.Percent is null) stages.Add($"{value.Stage} at {value.Elapsed.TotalSeconds:0.00} s");
        }
    }
}

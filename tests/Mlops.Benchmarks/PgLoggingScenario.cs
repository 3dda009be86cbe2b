using System.Diagnostics;
using Mlops.TestSupport;
using Npgsql;
using NpgsqlTypes;

namespace Mlops.Benchmarks;

/// <summary>
/// <c>pg-logging</c>: points persisted per second through the API to a team store on a local PostgreSQL server started
/// the way the tests start one, but syncing each commit to disk as a production server does (fsync and
/// synchronous_commit on: with them off a per-point commit would cost a round trip only, which no real server gives); against, in the same run, a bare binary COPY of the same rows into a table of the same
/// shape and index from this process, and MLflow's way, one INSERT and commit per point.
/// </summary>
internal static class PgLoggingScenario
{
    private const int Points = 2_000_000;
    private const int PerPointRows = 1_000;
    private static readonly string[] Keys = ["loss", "accuracy", "learning_rate", "grad_norm", "val_loss", "val_accuracy", "f1", "auc"];
    private static readonly double[] Values = Enumerable.Range(0, 1 << 16).Select(i => Math.Sin(i) * 10).ToArray();

    public static void Run()
    {
        var server = PostgresServer.Durable;
        Report.Note($"PostgreSQL on 127.0.0.1:{server.Port}, fsync and synchronous_commit on");
        // alternated, so both see the same machine: single runs vary by a third here
        var pairs = Enumerable.Range(0, 6).Select(_ => (Persisted: Persisted(server.NewDatabase("bench")), Copy: BareCopy(server))).Skip(1).ToList();
        var persisted = pairs.Select(p => p.Persisted).Order().ElementAt(pairs.Count / 2);
        var copy = pairs.Select(p => p.Copy).Order().ElementAt(pairs.Count / 2);
        Report.Note($"pairs (persisted / copy, k/s): {string.Join(", ", pairs.Select(p => $"{p.Persisted / 1e3:0}/{p.Copy / 1e3:0}"))}");
        var perPoint = PerPoint(server);
        Report.Result("pg.logging.persisted_per_s", persisted, "points/s");
        Report.Result("pg.logging.copy_per_s", copy, "rows/s");
        Report.Result("pg.logging.per_point_per_s", perPoint, "points/s");
        Report.Result("pg.logging.persisted_vs_copy", persisted / copy, "x");
        Report.Result("pg.logging.persisted_vs_per_point", persisted / perPoint, "x");
        Report.Note("targets: persisted >= 0.7x the bare COPY, >= 100x per-point INSERT and commit");
    }

    private static double Persisted(string store)
    {
        using var client = MlopsClient.Open(store);
        var run = client.StartRun("throughput");
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < Points; i++) run.LogMetric(Keys[i & 7], Values[i & 0xFFFF], i);
        run.End();   // returns once every point is stored
        var rate = Points / clock.Elapsed.TotalSeconds;
        if (client.GetRun(run.Id.Value).Metrics.Sum(m => m.Count) != Points) throw new InvalidOperationException("points were lost");
        return rate;
    }

    private static double BareCopy(PostgresServer server)
    {
        var database = Database(server.NewDatabase("bare"));
        using var connection = new NpgsqlConnection(server.ConnectionString(database));
        connection.Open();
        Execute(connection, """
            CREATE TABLE metrics (run_key integer NOT NULL, key text NOT NULL, step bigint NOT NULL, timestamp timestamptz NOT NULL, value double precision NOT NULL);
            CREATE INDEX ON metrics (run_key);
            """);
        var now = DateTime.UtcNow;
        var clock = Stopwatch.StartNew();
        using (var transaction = connection.BeginTransaction())
        {
            using (var copy = connection.BeginBinaryImport("COPY metrics FROM STDIN (FORMAT BINARY)"))
            {
                for (var i = 0; i < Points; i++)
                {
                    copy.StartRow();
                    copy.Write(1, NpgsqlDbType.Integer);
                    copy.Write(Keys[i & 7], NpgsqlDbType.Text);
                    copy.Write((long)i, NpgsqlDbType.Bigint);
                    copy.Write(now, NpgsqlDbType.TimestampTz);
                    copy.Write(Values[i & 0xFFFF], NpgsqlDbType.Double);
                }
                copy.Complete();
            }
            transaction.Commit();
        }
        return Points / clock.Elapsed.TotalSeconds;
    }

    private static double PerPoint(PostgresServer server)
    {
        var database = Database(server.NewDatabase("mlflow"));
        using var connection = new NpgsqlConnection(server.ConnectionString(database));
        connection.Open();
        // MLflow's metrics table, one INSERT and commit per point (its SQL store's log_metric)
        Execute(connection, """
            CREATE TABLE metrics (key varchar(250) NOT NULL, value double precision NOT NULL, timestamp bigint NOT NULL, run_uuid varchar(32) NOT NULL,
                                  step bigint NOT NULL DEFAULT 0, is_nan boolean NOT NULL DEFAULT false,
                                  PRIMARY KEY (key, timestamp, step, run_uuid, value, is_nan))
            """);
        var run = Guid.NewGuid().ToString("N");
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < PerPointRows; i++)
        {
            using var transaction = connection.BeginTransaction();
            using var insert = new NpgsqlCommand("INSERT INTO metrics (key, value, timestamp, run_uuid, step, is_nan) VALUES ($1, $2, $3, $4, $5, false)", connection, transaction);
            insert.Parameters.Add(new NpgsqlParameter { Value = Keys[i & 7] });
            insert.Parameters.Add(new NpgsqlParameter { Value = Values[i & 0xFFFF] });
            insert.Parameters.Add(new NpgsqlParameter { Value = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() });
            insert.Parameters.Add(new NpgsqlParameter { Value = run });
            insert.Parameters.Add(new NpgsqlParameter { Value = (long)i });
            insert.ExecuteNonQuery();
            transaction.Commit();
        }
        return PerPointRows / clock.Elapsed.TotalSeconds;
    }

    internal static string Database(string uri) => uri[(uri.LastIndexOf('/') + 1)..];

    internal static void Execute(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}

using System.Diagnostics;
using DuckDB.NET.Data;
using Microsoft.Data.Sqlite;

namespace Mlops.Benchmarks;

/// <summary>
/// <c>logging</c>: the cost of <c>LogMetric</c> on the hot path, persisted throughput to a store on disk, and peak memory
/// while logging ten million points; against, in the same run, the ceiling (one bare DuckDB Appender writing the same
/// rows) and two per-point baselines (an INSERT and commit per point into SQLite, as MLflow's SQL store does per
/// log_metric, and into DuckDB).
/// </summary>
internal static class LoggingScenario
{
    private const int HotPathBatch = 400_000;     // fits in the default buffer, so no call waits for the store
    private const int BurstPoints = 2_000_000;
    private const int MemoryPoints = 10_000_000;
    private const int PerPointRows = 1_000;
    private static readonly string[] Keys = ["loss", "accuracy", "learning_rate", "grad_norm", "val_loss", "val_accuracy", "f1", "auc"];
    // the same table as the store's metrics table
    private const string MetricsTable =
        "CREATE TABLE metrics (run_key INTEGER NOT NULL, key VARCHAR NOT NULL, step BIGINT NOT NULL, timestamp TIMESTAMP NOT NULL, value DOUBLE NOT NULL)";

    private static readonly double[] Values = Enumerable.Range(0, 1 << 16).Select(i => Math.Sin(i) * 10).ToArray();

    public static void Run()
    {
        var hotPath = HotPathNanoseconds();
        var floor = HotPathFloorNanoseconds();
        Report.Result("logging.hot_path_ns", hotPath, "ns");
        Report.Result("logging.hot_path_floor_ns", floor, "ns");
        Report.Result("logging.hot_path_vs_floor", hotPath / floor, "x");

        // steady state: ten million points, the memory peak sampled during the first repetition
        var (persisted, peak) = PersistedWithPeak();
        Report.Result("logging.persisted_per_s", persisted, "points/s");
        var appender = Report.Median(3, () => BareAppenderPerSecond(MemoryPoints));
        Report.Result("logging.appender_per_s", appender, "rows/s");
        Report.Result("logging.peak_extra_mb", peak, "MB");

        // a short burst, where opening and closing the file weigh more
        var burst = Report.Median(3, () => PersistedPerSecond(BurstPoints));
        var burstAppender = Report.Median(3, () => BareAppenderPerSecond(BurstPoints));
        Report.Result("logging.burst_persisted_per_s", burst, "points/s");
        Report.Result("logging.burst_appender_per_s", burstAppender, "rows/s");

        var sqlite = SqlitePerPointPerSecond();
        Report.Result("logging.sqlite_per_point_per_s", sqlite, "points/s");
        var duckdb = DuckDbPerPointPerSecond();
        Report.Result("logging.duckdb_per_point_per_s", duckdb, "points/s");
        Report.Result("logging.persisted_vs_appender", persisted / appender, "x");
        Report.Result("logging.burst_persisted_vs_appender", burst / burstAppender, "x");
        Report.Result("logging.persisted_vs_sqlite_per_point", persisted / sqlite, "x");
        Report.Result("logging.persisted_vs_duckdb_per_point", persisted / duckdb, "x");
        Report.Note("targets: hot path <= 3x its floor (time read + array store); persisted >= 0.7x appender; >= 1000x SQLite per point; peak extra < 200 MB");
    }

    private static (double PerSecond, double PeakExtraMegabytes) PersistedWithPeak()
    {
        double peak = 0;
        var first = true;
        var rate = Report.Median(3, () =>
        {
            if (!first) return PersistedPerSecond(MemoryPoints);
            first = false;
            var (perSecond, extra) = WithPeakMemory(() => PersistedPerSecond(MemoryPoints));
            peak = extra;
            return perSecond;
        });
        return (rate, peak);
    }

    private static double HotPathNanoseconds()
    {
        var folder = Report.TempFolder("hot");
        using var client = MlopsClient.Open(folder);
        using var run = client.StartRun("hot-path");
        var result = Report.Median(9, () =>
        {
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < HotPathBatch; i++) run.LogMetric(Keys[i & 7], Values[i & 0xFFFF], i);
            var elapsed = clock.Elapsed;
            run.Flush();
            Thread.Sleep(300); // let the flusher close the file (a checkpoint on the other core) before the next timing
            return elapsed.TotalNanoseconds / HotPathBatch;
        });
        run.End();
        client.Dispose();
        Directory.Delete(folder, true);
        return result;
    }

    /// <summary>
    /// The least a LogMetric must do, measured the same way: read the time as LogMetric does (the injected
    /// TimeProvider, here the system one) and store one 40-byte point into a pre-allocated array.
    /// </summary>
    private static double HotPathFloorNanoseconds()
    {
        var time = TimeProvider.System;
        var rows = new MetricRow[HotPathBatch];
        var run = RunId.New();
        var result = Report.Median(9, () =>
        {
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < HotPathBatch; i++) rows[i] = new MetricRow(run, Keys[i & 7], Values[i & 0xFFFF], i, time.GetUtcNow().UtcDateTime);
            return clock.Elapsed.TotalNanoseconds / HotPathBatch;
        });
        GC.KeepAlive(rows);
        return result;
    }

    private static double PersistedPerSecond(int points)
    {
        var folder = Report.TempFolder("persist");
        try
        {
            using var client = MlopsClient.Open(folder);
            var run = client.StartRun("throughput");
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < points; i++) run.LogMetric(Keys[i & 7], Values[i & 0xFFFF], i);
            run.End(); // returns once every point is in the file
            var rate = points / clock.Elapsed.TotalSeconds;
            if (client.GetRun(run.Id.Value).Metrics.Sum(m => m.Count) != points) throw new InvalidOperationException("points were lost");
            return rate;
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    private static double BareAppenderPerSecond(int points)
    {
        var folder = Report.TempFolder("appender");
        try
        {
            var file = Path.Combine(folder, "bare.duckdb");
            using (var setup = new DuckDBConnection($"Data Source={file}"))
            {
                setup.Open();
                Execute(setup, MetricsTable);
            }
            var now = DateTime.UtcNow;
            var clock = Stopwatch.StartNew();
            using (var connection = new DuckDBConnection($"Data Source={file}"))
            {
                connection.Open();
                using var appender = connection.CreateAppender("metrics");
                for (var i = 0; i < points; i++)
                    appender.CreateRow().AppendValue(1).AppendValue(Keys[i & 7]).AppendValue((long)i).AppendValue(now).AppendValue(Values[i & 0xFFFF]).EndRow();
            }
            return points / clock.Elapsed.TotalSeconds;
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    private static double SqlitePerPointPerSecond()
    {
        var folder = Report.TempFolder("sqlite");
        try
        {
            // MLflow's metrics table; default journal (DELETE) and synchronous=FULL, one INSERT and commit per point
            using var connection = new SqliteConnection($"Data Source={Path.Combine(folder, "mlflow.db")};Pooling=false");
            connection.Open();
            using (var create = connection.CreateCommand())
            {
                create.CommandText = """
                    CREATE TABLE metrics (key VARCHAR(250) NOT NULL, value FLOAT NOT NULL, timestamp BIGINT NOT NULL, run_uuid VARCHAR(32) NOT NULL,
                                          step BIGINT NOT NULL DEFAULT 0, is_nan BOOLEAN NOT NULL DEFAULT 0,
                                          PRIMARY KEY (key, timestamp, step, run_uuid, value, is_nan))
                    """;
                create.ExecuteNonQuery();
            }
            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO metrics (key, value, timestamp, run_uuid, step, is_nan) VALUES ($k, $v, $t, $r, $s, 0)";
            var parameters = new[] { "$k", "$v", "$t", "$r", "$s" }.Select(n => insert.Parameters.Add(new SqliteParameter(n, null))).ToArray();
            var runId = Guid.NewGuid().ToString("N");
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < PerPointRows; i++)
            {
                parameters[0].Value = Keys[i & 7];
                parameters[1].Value = Values[i & 0xFFFF];
                parameters[2].Value = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                parameters[3].Value = runId;
                parameters[4].Value = (long)i;
                insert.ExecuteNonQuery();
            }
            return PerPointRows / clock.Elapsed.TotalSeconds;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, true);
        }
    }

    private static double DuckDbPerPointPerSecond()
    {
        var folder = Report.TempFolder("duckrow");
        try
        {
            using var connection = new DuckDBConnection($"Data Source={Path.Combine(folder, "rows.duckdb")}");
            connection.Open();
            Execute(connection, MetricsTable);
            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO metrics VALUES ($1, $2, $3, $4, $5)";
            var parameters = Enumerable.Range(0, 5).Select(_ => new DuckDBParameter()).ToArray();
            foreach (var parameter in parameters) insert.Parameters.Add(parameter);
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < PerPointRows; i++)
            {
                parameters[0].Value = 1;
                parameters[1].Value = Keys[i & 7];
                parameters[2].Value = (long)i;
                parameters[3].Value = DateTime.UtcNow;
                parameters[4].Value = Values[i & 0xFFFF];
                insert.ExecuteNonQuery();
            }
            return PerPointRows / clock.Elapsed.TotalSeconds;
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    /// <summary>Runs <paramref name="body"/> while sampling the working set; returns its result and the peak above the start in MB.</summary>
    private static (double Result, double PeakExtraMegabytes) WithPeakMemory(Func<double> body)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        var start = self.WorkingSet64;
        long peak = start;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                self.Refresh();
                peak = Math.Max(peak, self.WorkingSet64);
                await Task.Delay(5);
            }
        });
        var result = body();
        stop.Cancel();
        sampler.Wait();
        return (result, (peak - start) / 1e6);
    }

    private static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

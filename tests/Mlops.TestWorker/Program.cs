using DuckDB.NET.Data;
using Mlops;

// usage:
//   log <store> <run-name> <points>          log points to a new run, end it, print the run id
//   log-halves <store> <run-name> <points>   log half the points, flush, print "half <run-id>", wait for a line on stdin,
//                                            log the rest, end the run, print "done"
//   log-forever <store> <run-name>           start a run, log and flush 1000 points, print "ready <run-id>", then keep logging
//   hold <duckdb-file> <seconds>             hold the DuckDB file open (a foreign lock), print "holding"
//   log-until <store> <run-name> <stop-file> start a run, log and flush 1000 points, print "ready <run-id>", keep logging
//                                            until stop-file exists, end the run, print "logged <points>"
//   gc-stop-at <store> <stage>               gc --older-than 0d; at the stage (purged, swept, copied, moved; on the team
//                                            store purged, committed) print
//                                            "at <stage>" and wait to be killed
//   commit-until <store> <dataset> <folder> <stop-file>
//                                            commit a growing CSV as new versions, printing "committed <v> <rows> <digest>"
//                                            for each, until stop-file exists (at least twice); then print "done"
//   promote <store> <model> <version> <alias> <dataset@v> <go-file>
//                                            score both models, print "scored", wait for go-file, then move the alias:
//                                            exit 0 and print "moved", or exit 3 and print the conflict
switch (args)
{
    case ["log", var store, var name, var points]:
    {
        using var client = MlopsClient.Open(store);
        using var run = client.StartRun(name);
        var n = int.Parse(points);
        for (var i = 0; i < n; i++) run.LogMetric("loss", 1.0 / (i + 1), i);
        run.End();
        Console.WriteLine(run.Id);
        return 0;
    }
    case ["log-halves", var store, var name, var points]:
    {
        using var client = MlopsClient.Open(store);
        using var run = client.StartRun(name);
        var n = int.Parse(points);
        for (var i = 0; i < n / 2; i++) run.LogMetric("loss", 1.0 / (i + 1), i);
        run.Flush();
        Console.WriteLine($"half {run.Id}");
        Console.In.ReadLine();
        for (var i = n / 2; i < n; i++) run.LogMetric("loss", 1.0 / (i + 1), i);
        run.End();
        Console.WriteLine("done");
        return 0;
    }
    case ["log-and-exit", var store, var name, var points]:
    {
        // leaves the run open and the client undisposed: the process-exit hook must write and end it
        var client = MlopsClient.Open(store);
        var run = client.StartRun(name);
        for (var i = 0; i < int.Parse(points); i++) run.LogMetric("loss", i, i);
        Console.WriteLine(run.Id);
        return 0;
    }
    case ["log-forever", var store, var name]:
    {
        var client = MlopsClient.Open(store);
        var run = client.StartRun(name);
        for (var i = 0; i < 1000; i++) run.LogMetric("loss", i, i);
        run.Flush();
        Console.WriteLine($"ready {run.Id}");
        for (long i = 1000; ; i++)
        {
            run.LogMetric("loss", i, i);
            if (i % 1000 == 0) Thread.Sleep(1);
        }
    }
    case ["log-until", var store, var name, var stop]:
    {
        using var client = MlopsClient.Open(store);
        using var run = client.StartRun(name);
        long i = 0;
        for (; i < 1000; i++) run.LogMetric("loss", i, i);
        run.Flush();
        Console.WriteLine($"ready {run.Id}");
        while (!File.Exists(stop))
            for (var k = 0; k < 100; k++, i++) run.LogMetric("loss", i, i);
        run.End();
        Console.WriteLine($"logged {i}");
        return 0;
    }
    case ["gc-stop-at", var store, var stage]:
    {
        using var client = MlopsClient.OpenExisting(store);
        void Stop(string reached)
        {
            if (reached != stage) return;
            Console.WriteLine($"at {reached}");
            Thread.Sleep(Timeout.Infinite);   // the test kills this process here
        }
        Mlops.DuckDb.DuckDbStore.GcStage = Stop;
        Mlops.Postgres.PostgresStore.GcStage = Stop;
        client.Lifecycle.CollectGarbage(TimeSpan.Zero, dryRun: false);
        Console.WriteLine("finished");
        return 0;
    }
    case ["commit-until", var store, var dataset, var folder, var stop]:
    {
        using var client = MlopsClient.Open(store);
        var csv = Path.Combine(folder, $"{dataset}.csv");
        for (var i = 1; ; i++)
        {
            File.WriteAllText(csv, "id,x\n" + string.Join("\n", Enumerable.Range(0, i * 50).Select(k => $"{k},{k * i}")) + "\n");
            var version = client.Datasets.Commit(dataset, csv).Version;
            Console.WriteLine($"committed {version.Number} {version.Rows} {version.Digest}");
            if (i >= 2 && File.Exists(stop)) break;
        }
        Console.WriteLine("done");
        return 0;
    }
    case ["hold", var file, var seconds]:
    {
        // like any process sharing a store, wait while another holds it (a store keeps its file open briefly after use)
        var connection = new DuckDBConnection($"Data Source={file}");
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                connection.Open();
                break;
            }
            catch (DuckDBException) when (attempt < 500)
            {
                connection.Dispose();
                connection = new DuckDBConnection($"Data Source={file}");
                Thread.Sleep(10);
            }
        }
        using var held = connection;
        Console.WriteLine("holding");
        Thread.Sleep(TimeSpan.FromSeconds(double.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture)));
        return 0;
    }
    case ["hold-now", var file, var seconds]:
    {
        using var connection = new DuckDBConnection($"Data Source={file}");
        connection.Open();   // no retry: fails if anyone holds the file
        Console.WriteLine("holding");
        Thread.Sleep(TimeSpan.FromSeconds(double.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture)));
        return 0;
    }
    case ["promote", var store, var model, var version, var alias, var data, var go]:
    {
        using var client = MlopsClient.Open(store);
        ModelService.BeforeAliasMove = _ =>
        {
            Console.WriteLine("scored");
            while (!File.Exists(go)) Thread.Sleep(10);
        };
        try
        {
            var result = client.Models.Promote(model, int.Parse(version), alias, data);
            Console.WriteLine($"moved {result.Decision.Outcome}");
            return 0;
        }
        catch (MlopsException e) when (e.Kind == MlopsErrorKind.Conflict)
        {
            Console.WriteLine($"conflict {e.Message}");
            return 3;
        }
    }
    default:
        Console.Error.WriteLine("usage: log <store> <name> <points> | log-forever <store> <name> | hold <file> <seconds> | hold-now <file> <seconds>");
        return 2;
}

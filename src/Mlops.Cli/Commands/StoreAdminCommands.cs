using System.CommandLine;

namespace Mlops.Cli.Commands;

/// <summary><c>mlops store init|grant</c>: make a store, and give PostgreSQL roles the use of a team store.</summary>
internal static class StoreAdminCommands
{
    public static Command Create()
    {
        var location = new Argument<string>("location") { Description = "a folder, or a postgresql://user@host/database URI" };
        var init = new Command("init", "Create the store (a folder, or the schema on a PostgreSQL server) and bring its schema up to date") { location };
        init.SetAction(parse =>
        {
            var status = StoreAdmin.Initialize(parse.GetValue(location)!);
            Console.WriteLine($"store {status.Location} is ready: {status.Engine}, schema version {status.SchemaVersion}");
            return 0;
        });

        var grantLocation = new Argument<string>("location") { Description = "the team store, a postgresql:// URI" };
        var role = new Argument<string>("role") { Description = "a PostgreSQL role that exists on the server" };
        var read = new Option<bool>("--read") { Description = "list, show, compare, report and load; nothing that writes" };
        var write = new Option<bool>("--write") { Description = "also log runs, commit, register and promote (decisions stay append-only)" };
        var grant = new Command("grant", "Give a PostgreSQL role read-only or read-write use of a team store") { grantLocation, role, read, write };
        grant.SetAction(parse =>
        {
            if (parse.GetValue(read) == parse.GetValue(write))
                throw new MlopsException(MlopsErrorKind.InvalidArgument, "say which use to grant: --read (list, show, compare, report, load) or --write (also log, register, promote).");
            StoreAdmin.Grant(parse.GetValue(grantLocation)!, parse.GetValue(role)!, parse.GetValue(write));
            Console.WriteLine($"role {parse.GetValue(role)} may now {(parse.GetValue(write) ? "read and write" : "read")} the store {StoreLocation.Describe(parse.GetValue(grantLocation))}");
            return 0;
        });

        var from = new Argument<string>("from") { Description = "the store to copy: a folder or a postgresql:// URI" };
        var to = new Argument<string>("to") { Description = "an empty store to copy into (made if missing): a folder or a postgresql:// URI" };
        var copy = new Command("copy", "Copy a whole store (runs, metrics, artifacts, datasets with every version, models, aliases, decisions) into an empty one, checking counts and digests") { from, to };
        copy.SetAction(parse =>
        {
            var started = System.Diagnostics.Stopwatch.StartNew();
            var summary = StoreCopy.Run(parse.GetValue(from)!, parse.GetValue(to)!,
                new Progress<string>(line => Console.Error.WriteLine($"  {started.Elapsed.TotalSeconds,6:0.0}s  {line}")));
            Console.WriteLine($"copied {StoreLocation.Describe(parse.GetValue(from))} to {StoreLocation.Describe(parse.GetValue(to))}: " +
                $"{summary.Experiments} experiments, {summary.Runs} runs, {summary.MetricPoints:N0} metric points, {summary.Artifacts} artifacts, " +
                $"{summary.Datasets} datasets ({summary.DatasetVersions} versions, digests checked), {summary.Models} models ({summary.ModelVersions} versions), {summary.Decisions} decisions");
            return 0;
        });

        return new Command("store", "Create a store, give roles the use of a team store, copy a whole store") { init, grant, copy };
    }
}

using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using Mlops.Cli.Terminal;

namespace Mlops.Cli.Commands;

/// <summary><c>mlops runs list|show</c>, <c>mlops experiments list</c>, <c>mlops status</c> over a store.</summary>
internal static class StoreCommands
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static Option<string?> StoreOption() =>
        new("--store") { Description = $"store folder (default: ${StoreLocation.EnvironmentVariable}, else {StoreLocation.DefaultFolderName} here)", Recursive = true };

    public static IEnumerable<Command> Create(Option<string?> store)
    {
        var json = new Option<bool>("--json") { Description = "print JSON instead of a table", Recursive = true };

        var experiment = new Option<string?>("--experiment") { Description = "only runs of this experiment" };
        var status = new Option<string?>("--status") { Description = "only runs with this status: running, finished, failed or killed" };
        var limit = new Option<int>("--limit") { Description = "at most this many runs", DefaultValueFactory = _ => RunFilter.DefaultLimit };
        var list = new Command("list", "Runs, newest first, with params and latest metrics") { experiment, status, limit };
        list.SetAction(parse => Use(parse.GetValue(store), client =>
        {
            var filter = new RunFilter(parse.GetValue(experiment), parse.GetValue(status) is { } s ? RunStatusText.Parse(s) : null, Limit: parse.GetValue(limit));
            var runs = client.ListRuns(filter);
            if (parse.GetValue(json)) Console.WriteLine(JsonSerializer.Serialize(runs.ToList(), Json));
            else RunText.List(Console.Out, runs);
        }));

        var id = new Argument<string>("run-id") { Description = "run id or a unique prefix of at least 4 digits" };
        var show = new Command("show", "A run's params, metrics, tags, artifacts and environment") { id };
        show.SetAction(parse => Use(parse.GetValue(store), client =>
        {
            var run = client.GetRun(parse.GetValue(id)!);
            if (parse.GetValue(json)) Console.WriteLine(JsonSerializer.Serialize(run, Json));
            else RunText.Card(Console.Out, run);
        }));

        var experiments = new Command("list", "Experiments with run counts");
        experiments.SetAction(parse => Use(parse.GetValue(store), client =>
        {
            var all = client.ListExperiments();
            if (parse.GetValue(json)) Console.WriteLine(JsonSerializer.Serialize(all, Json));
            else TextTable.Write(Console.Out, ["experiment", "runs", "running", "last run"],
                all.Select(e => (IReadOnlyList<string>)[e.Experiment.Name, e.Runs.ToString(), e.ActiveRuns.ToString(), Text.Time(e.LastRunStart)]), new HashSet<int> { 1, 2 });
        }));

        var statusCommand = new Command("status", "Store location, schema version and counts");
        statusCommand.SetAction(parse => Use(parse.GetValue(store), client =>
        {
            var s = client.GetStatus();
            if (parse.GetValue(json)) Console.WriteLine(JsonSerializer.Serialize(s, Json));
            else Console.WriteLine($"store        {s.Location}\nengine       {s.Engine}, schema version {s.SchemaVersion}\nexperiments  {s.Experiments}\nruns         {s.Runs} ({s.ActiveRuns} running)\nmetric points {s.MetricPoints}\nsize         {s.StoreBytes:N0} bytes");
        }));

        return
        [
            new Command("runs", "Inspect runs") { list, show, json },
            new Command("experiments", "Inspect experiments") { experiments, json },
            statusCommand,
        ];
    }

    private static int Use(string? store, Action<MlopsClient> action)
    {
        using var client = MlopsClient.Open(store);
        action(client);
        return 0;
    }
}

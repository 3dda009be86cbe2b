using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using Mlops.Cli.Terminal;
using static Mlops.Cli.Commands.CommandOutput;

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
        new("--store") { Description = $"store folder or postgresql:// URI (default: ${StoreLocation.EnvironmentVariable}, else {StoreLocation.DefaultFolderName} here)", Recursive = true };

    private static Command Verbs(Command command, IEnumerable<Command> more)
    {
        foreach (var verb in more) command.Subcommands.Add(verb);
        return command;
    }

    public static IEnumerable<Command> Create(Option<string?> store)
    {
        var json = new Option<bool>("--json") { Description = "print JSON instead of a table", Recursive = true };

        var experiment = new Option<string?>("--experiment") { Description = "only runs of this experiment" };
        var status = new Option<string?>("--status") { Description = "only runs with this status: running, finished, failed or killed" };
        var limit = new Option<int>("--limit") { Description = "at most this many runs", DefaultValueFactory = _ => RunFilter.DefaultLimit };
        var where = new Option<string?>("--where") { Description = "filter, e.g. \"metrics.auc > 0.9 and params.trainer = 'sdca'\"" };
        var orderBy = new Option<string?>("--order-by") { Description = "sort keys, e.g. \"metrics.auc desc, start_time\"" };
        var includeDeleted = new Option<bool>("--include-deleted") { Description = "deleted runs too (not yet purged by gc)" };
        var list = new Command("list", "Runs (newest first, or --order-by) with params and latest metrics") { experiment, status, limit, where, orderBy, includeDeleted };
        list.SetAction(parse => Use(parse, store, client =>
        {
            var parsed = RunFilter.Parse(parse.GetValue(where), parse.GetValue(orderBy), parse.GetValue(limit), parse.GetValue(experiment));
            var filter = parsed with { Status = parse.GetValue(status) is { } s ? RunStatusText.Parse(s) : null, IncludeDeleted = parse.GetValue(includeDeleted) };
            var runs = client.ListRuns(filter);
            if (parse.GetValue(json)) Console.WriteLine(JsonSerializer.Serialize(runs.ToList(), Json));
            else RunText.List(Console.Out, runs);
        }));

        var id = new Argument<string>("run-id") { Description = "run id or a unique prefix of at least 4 digits" };
        var show = new Command("show", "A run's params, metrics, tags, artifacts and environment") { id };
        show.SetAction(parse => Use(parse, store, client =>
        {
            var run = client.GetRun(parse.GetValue(id)!);
            if (parse.GetValue(json)) Console.WriteLine(JsonSerializer.Serialize(run, Json));
            else RunText.Card(Console.Out, run);
        }));

        var experimentsDeleted = new Option<bool>("--include-deleted") { Description = "deleted experiments too" };
        var experiments = new Command("list", "Experiments with run counts") { experimentsDeleted };
        experiments.SetAction(parse => Use(parse, store, client =>
        {
            var all = client.Tracking.ListExperiments(parse.GetValue(experimentsDeleted));
            if (parse.GetValue(json)) Console.WriteLine(JsonSerializer.Serialize(all, Json));
            else TextTable.Write(Console.Out, ["experiment", "runs", "running", "last run"],
                all.Select(e => (IReadOnlyList<string>)[e.Experiment.DeletedAt is null ? e.Experiment.Name : $"{e.Experiment.Name} (deleted)", e.Runs.ToString(), e.ActiveRuns.ToString(), Text.Time(e.LastRunStart)]), new HashSet<int> { 1, 2 });
        }));

        var statusCommand = new Command("status", "Store location, schema version and counts");
        statusCommand.SetAction(parse => Use(parse, store, client =>
        {
            var s = client.GetStatus();
            if (parse.GetValue(json)) Console.WriteLine(JsonSerializer.Serialize(s, Json));
            else Console.WriteLine($"store        {s.Location}\nengine       {s.Engine}, schema version {s.SchemaVersion}\nexperiments  {s.Experiments}\nruns         {s.Runs} ({s.ActiveRuns} running)\nmetric points {s.MetricPoints}\nsize         {s.StoreBytes:N0} bytes");
        }));

        var compareIds = new Argument<string[]>("run-ids") { Description = "run ids or prefixes (or use --where)", Arity = System.CommandLine.ArgumentArity.ZeroOrMore };
        var compareWhere = new Option<string?>("--where") { Description = "filter selecting the runs" };
        var metric = new Option<string?>("--metric") { Description = "the metric to focus on" };
        var aggregate = new Option<string>("--agg") { Description = "last, min or max", DefaultValueFactory = _ => "last" };
        aggregate.AcceptOnlyFromAmong("last", "min", "max");
        var diffOnly = new Option<bool>("--diff-only") { Description = "only params and metrics that differ" };
        var compare = new Command("compare", "Runs side by side: params and metrics (for the charts, use report --compare)")
        {
            compareIds, compareWhere, metric, aggregate, diffOnly,
        };
        compare.SetAction(parse => Use(parse, store, client =>
        {
            var ids = parse.GetValue(compareIds) ?? [];
            var comparison = client.Tracking.Compare(ids.Length > 0 ? ids : null,
                parse.GetValue(compareWhere) is { } w ? RunFilter.Parse(w, "start_time", int.MaxValue) : null,
                parse.GetValue(metric), Enum.Parse<MetricAggregate>(parse.GetValue(aggregate)!, ignoreCase: true), parse.GetValue(diffOnly));
            if (parse.GetValue(json)) Console.WriteLine(JsonSerializer.Serialize(comparison.Runs, Json));
            else RunText.Compare(Console.Out, comparison);
        }));

        var reportRun = new Option<string?>("--run") { Description = "run id or prefix" };
        var reportCompare = new Option<string?>("--compare") { Description = "filter selecting runs to compare" };
        var reportExperiment = new Option<string?>("--experiment") { Description = "experiment name" };
        var reportModel = new Option<string?>("--model") { Description = "model version: name, name/3 or name@alias" };
        var reportOut = new Option<string>("--out") { Description = "HTML file to write", Required = true };
        var reportParams = new Option<string?>("--params") { Description = "with --compare: params to chart, comma-separated (default: those that vary in every run, most related to the metric)" };
        var report = new Command("report", "Write a self-contained HTML report of a run, a comparison, an experiment or a model") { reportRun, reportCompare, reportExperiment, reportModel, reportOut, reportParams };
        report.SetAction(parse => Use(parse, store, client =>
        {
            var (run, filter, name, model) = (parse.GetValue(reportRun), parse.GetValue(reportCompare), parse.GetValue(reportExperiment), parse.GetValue(reportModel));
            if (new[] { run, filter, name, model }.Count(x => x is not null) != 1)
                throw new MlopsException(MlopsErrorKind.InvalidArgument, "give exactly one of --run <id>, --compare \"<filter>\", --experiment <name> or --model <name@alias>.");
            var chartParams = parse.GetValue(reportParams)?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            var html = run is not null ? client.Reports.Run(run) : filter is not null ? client.Reports.Comparison(filter, chartParams: chartParams)
                : model is not null ? client.Reports.Model(model) : client.Reports.Experiment(name!);
            var path = ReportWriter.Write(html, parse.GetValue(reportOut)!);
            Console.WriteLine($"wrote {path} ({new FileInfo(path).Length:N0} bytes)");
        }));

        return
        [
            Verbs(new Command("runs", "Inspect, delete and restore runs") { list, show, compare, json }, LifecycleCommands.RunVerbs(store)),
            report,
            Verbs(new Command("experiments", "Inspect, delete, restore and rename experiments") { experiments, json }, LifecycleCommands.ExperimentVerbs(store)),
            statusCommand,
        ];
    }
}

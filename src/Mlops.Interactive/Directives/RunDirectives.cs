using Microsoft.Data.Analysis;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Directives;
using Mlops.Charts;
using static Mlops.Interactive.Directive;

namespace Mlops.Interactive;

/// <summary><c>#!run</c>: start, log to, end and inspect runs. Each handler is a thin adapter over <see cref="MLOps"/>.</summary>
internal static class RunDirectives
{
    public static KernelActionDirective Create() => new("#!run", "track runs")
    {
        KernelCommandType = typeof(MlopsRunRoot),
        Subcommands =
        {
            Sub<MlopsRunStart>("start", "Start a run; it becomes the active run for #!run log and for MLOps.* in C#.",
                "#!run start --name baseline --tags stage=dev,owner=ana",
                Param("--name", "run name (default: generated)", positional: true),
                Param("--experiment", "experiment (default: the current one)", completions: ExperimentDirectives.ExperimentNames),
                Param("--tags", "k=v,k=v or a JSON object"),
                Param("--parent", "run id (or prefix) to nest under"),
                Param("--note", "free text about the run")),
            Sub<MlopsRunLog>("log", "Log params, metrics, tags or a note to the active run.",
                "#!run log --params lr=0.01,trainer=sdca --metrics loss=0.42,auc=0.91 --step 3",
                Param("--params", "k=v,... or JSON; params never change once logged"),
                Param("--metrics", "k=number,... or JSON; NaN and Infinity allowed"),
                Param("--step", "step of the metrics (default 0)"),
                Param("--tags", "k=v,... or JSON"),
                Param("--note", "replaces the run's note")),
            Sub<MlopsRunArtifact>("artifact", "Store a file or folder with the active run (by sha256, stored once).",
                "#!run artifact model.zip --name models/model.zip",
                Param("--path", "file or folder", positional: true, required: true),
                Param("--name", "name inside the run (default: the file name)")),
            Sub<MlopsRunEnd>("end", "End the active run; its parent, if any, becomes active again.", "#!run end --status finished",
                Param("--status", "finished (default), failed or killed", completions: () => ["finished", "failed", "killed"])),
            Sub<MlopsRunList>("list", "Runs (newest first, or --order-by) with params and latest metrics; --where filters in the filter language.",
                "#!run list --where \"metrics.auc > 0.9 and params.trainer = 'sdca'\" --order-by \"metrics.auc desc\" --into runs",
                Param("--where", "filter: metrics.auc > 0.9 and (params.trainer in ('sdca','lbfgs') or tags.stage = 'prod')"),
                Param("--order-by", "sort keys: \"metrics.auc desc, start_time\""),
                Param("--experiment", "only this experiment", completions: ExperimentDirectives.ExperimentNames),
                Param("--status", "only running, finished, failed or killed", completions: () => RunStatusText.All),
                Param("--limit", $"at most this many (default {RunFilter.DefaultLimit})"),
                Param("--into", "C# variable to receive a DataFrame")),
            Sub<MlopsRunShow>("show", "A run's params, metrics (latest/min/max and curves), tags, inputs, artifacts and environment.", "#!run show 3f2a9c",
                Param("--run", "run id or prefix (default: the active run, else the latest)", positional: true)),
            Sub<MlopsRunCompare>("compare", "Runs side by side: table, overlaid curves, parallel coordinates, param scatters.",
                "#!run compare --where \"tags.sweep = 'lr'\" --metric rmse --diff-only",
                Param("--runs", "run ids or prefixes", positional: true),
                Param("--where", "filter selecting the runs instead of ids"),
                Param("--metric", "the metric the charts focus on (default: the first all runs have)"),
                new KernelDirectiveParameter("--diff-only", "only params and metrics that differ") { Flag = true },
                new KernelDirectiveParameter("--transpose", "runs as columns") { Flag = true },
                Param("--params", "params to chart, comma-separated (default: those that vary in every run, most related to the metric first)"),
                Param("--agg", "how a metric becomes one number: last (default), min or max", completions: () => ["last", "min", "max"])).TakesPositionals(1000),
        },
    };

    public static void Register(Kernel kernel, KernelActionDirective root)
    {
        HandleRoot<MlopsRunRoot>(kernel, root);
        Handle<MlopsRunStart>(kernel, MlopsDirectives.Find(root, "start"), (c, ctx) =>
        {
            var tags = c.Tags is null ? null : KeyValueList.Parse(c.Tags, "--tags");
            RunId? parent = c.ParentRun is null ? null : MLOps.Client.Tracking.ResolveRunId(c.ParentRun);
            var run = MLOps.StartRun(c.Name, c.Experiment, tags, parent, c.Note);
            ctx.DisplayAs(RunViews.Card(MLOps.Client.GetRun(run.Id.Value)), "text/html");
            return Task.CompletedTask;
        });
        Handle<MlopsRunLog>(kernel, MlopsDirectives.Find(root, "log"), Log);
        Handle<MlopsRunArtifact>(kernel, MlopsDirectives.Find(root, "artifact"), (c, ctx) =>
        {
            var stored = MLOps.LogArtifact(c.Path!, c.Name);
            ctx.DisplayAs(Html.Wrap($"<p>Stored {stored.Count} artifact(s) with run {Html.RunIdCell(MLOps.ActiveRun!.Id)}:</p>" +
                Html.Table(["name", "size", "sha256"], stored.Select(a => (IReadOnlyList<string>)[Html.E(a.Name), Html.Size(a.Size), $"<code>{a.Digest}</code>"]))), "text/html");
            return Task.CompletedTask;
        });
        Handle<MlopsRunEnd>(kernel, MlopsDirectives.Find(root, "end"), (c, ctx) =>
        {
            var ended = MLOps.EndRun(Args.Status(c.Status) ?? RunStatus.Finished);
            ctx.DisplayAs(RunViews.Card(MLOps.Client.GetRun(ended.Id.Value)), "text/html");
            return Task.CompletedTask;
        });
        Handle<MlopsRunList>(kernel, MlopsDirectives.Find(root, "list"), async (c, ctx) =>
        {
            var filter = new RunFilter(c.Experiment, Args.Status(c.Status), Limit: Args.Positive(c.Limit, "--limit") ?? RunFilter.DefaultLimit,
                Where: c.Where is null ? null : RunQueryParser.ParseFilter(c.Where), OrderBy: c.OrderBy is null ? null : RunQueryParser.ParseOrder(c.OrderBy));
            var into = c.Into is null ? null : Args.Variable(c.Into, "--into");
            var runs = MLOps.ListRuns(filter);
            if (into is not null) await KernelValues.SetAsync<DataFrame>(ctx, into, runs.ToDataFrame());
            ctx.DisplayAs(RunViews.Table(runs, into is null ? "Runs" : $"Runs (also in DataFrame '{into}')"), "text/html");
        });
        Handle<MlopsRunShow>(kernel, MlopsDirectives.Find(root, "show"), (c, ctx) =>
        {
            var run = MLOps.GetRun(c.Run);
            ctx.DisplayAs(RunViews.Card(run, MLOps.Client.Tracking.GetCurves(run.Info.Id), Charts.Context()), "text/html");
            return Task.CompletedTask;
        });
        var compare = MlopsDirectives.Find(root, "compare");
        Handle<MlopsRunCompare>(kernel, compare, (c, ctx) =>
        {
            var ids = DirectiveGuard.Positionals(c, compare);
            if (ids.Count > 0 && c.Where is not null) throw new MlopsException(MlopsErrorKind.InvalidArgument, "give run ids or --where, not both.");
            if (ids.Count == 0 && c.Where is null)
                throw new MlopsException(MlopsErrorKind.InvalidArgument, "give the runs to compare: run ids (#!run compare 3f2a 9b1c) or a filter (--where \"tags.sweep = 'lr'\").");
            var aggregate = c.Agg?.ToLowerInvariant() switch
            {
                null or "last" => MetricAggregate.Last,
                "min" => MetricAggregate.Min,
                "max" => MetricAggregate.Max,
                _ => throw new MlopsException(MlopsErrorKind.InvalidArgument, $"--agg must be last, min or max (got '{c.Agg}')."),
            };
            var comparison = MLOps.Client.Tracking.Compare(ids.Count > 0 ? ids : null,
                c.Where is null ? null : RunFilter.Parse(c.Where, "start_time", int.MaxValue), c.Metric, aggregate, c.DiffOnly, c.Transpose,
                chartParams: c.Params is null ? null : c.Params.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
            ctx.DisplayAs(ComparisonView.Render(comparison, Charts.Context()), "text/html");
            return Task.CompletedTask;
        });
    }

    private static Task Log(MlopsRunLog c, KernelInvocationContext ctx)
    {
        if (c.Step is not null && c.Metrics is null)
            throw new MlopsException(MlopsErrorKind.InvalidArgument, "--step applies to --metrics, and no --metrics were given.");
        if (c.Params is null && c.Metrics is null && c.Tags is null && c.Note is null)
            throw new MlopsException(MlopsErrorKind.InvalidArgument, "nothing to log: give --params, --metrics, --tags or --note, e.g. #!run log --metrics loss=0.42 --step 3.");
        var run = MLOps.ActiveRun ?? throw new MlopsException(MlopsErrorKind.InvalidState,
            "no run is active. Start one first: #!run start --name <name>.");
        // parse and check everything before writing anything
        var parameters = c.Params is null ? null : KeyValueList.Parse(c.Params, "--params");
        var metrics = c.Metrics is null ? null : KeyValueList.ParseNumbers(c.Metrics, "--metrics");
        var tags = c.Tags is null ? null : KeyValueList.Parse(c.Tags, "--tags");
        var step = Args.Long(c.Step, "--step") ?? 0;
        foreach (var (key, _) in parameters ?? []) Names.Key(key, "param");
        foreach (var (key, _) in metrics ?? []) Names.Key(key, "metric");
        foreach (var (key, _) in tags ?? []) Names.Key(key, "tag");

        if (parameters is not null) run.LogParams(parameters);
        if (tags is not null) run.SetTags(tags);
        if (c.Note is not null) run.SetNote(c.Note);
        if (metrics is not null) run.LogMetrics(metrics, step);

        var parts = new List<string>();
        if (parameters is not null) parts.Add($"{parameters.Count} param(s)");
        if (metrics is not null) parts.Add($"{metrics.Count} metric(s) at step {step}");
        if (tags is not null) parts.Add($"{tags.Count} tag(s)");
        if (c.Note is not null) parts.Add("the note");
        ctx.DisplayAs(Html.Wrap($"<p>Logged {string.Join(", ", parts)} to run {Html.RunIdCell(run.Id)} <b>{Html.E(run.Name)}</b>.</p>"), "text/html");
        return Task.CompletedTask;
    }
}

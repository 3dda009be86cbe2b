using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Directives;
using Mlops.Charts;
using static Mlops.Interactive.Directive;

namespace Mlops.Interactive;

/// <summary><c>#!mlops</c>: the store and help.</summary>
internal static class MlopsDirectives
{
    public static KernelActionDirective Create() => new("#!mlops", "the store, and help")
    {
        KernelCommandType = typeof(MlopsRoot),
        Subcommands =
        {
            Sub<MlopsUseStore>("use", "Use the store in a folder or on a PostgreSQL server (postgresql://user@host/database; default .mlops/ here, or MLOPS_STORE); created if missing.", "#!mlops use ./.mlops",
                Param("--folder", "store folder, or postgresql:// URI of a team store (password in PGPASSWORD or ~/.pgpass)", positional: true)),
            Sub<MlopsStatus>("status", "Store path, schema version, counts, current experiment and active run.", "#!mlops status"),
            Sub<MlopsHelp>("help", "Every directive and option, with an example each.", "#!mlops help"),
            Sub<MlopsReport>("report", "Write a self-contained HTML report (opens with no network) of a run, a comparison, an experiment or a model.",
                "#!mlops report --run 3f2a9c --out reports/baseline.html",
                Param("--run", "run id or prefix"),
                Param("--compare", "filter selecting runs to compare"),
                Param("--experiment", "experiment name", completions: ExperimentDirectives.ExperimentNames),
                Param("--model", "model version: name, name/3 or name@alias"),
                Param("--out", "HTML file to write", required: true)),
        },
    };

    public static void Register(Kernel kernel, KernelActionDirective root, IReadOnlyList<KernelActionDirective> all)
    {
        HandleRoot<MlopsRoot>(kernel, root);
        Handle<MlopsUseStore>(kernel, Find(root, "use"), (c, ctx) =>
        {
            MLOps.UseStore(c.Folder);
            ctx.DisplayAs(Status(), "text/html");
            return Task.CompletedTask;
        });
        Handle<MlopsStatus>(kernel, Find(root, "status"), (_, ctx) =>
        {
            ctx.DisplayAs(Status(), "text/html");
            return Task.CompletedTask;
        });
        Handle<MlopsReport>(kernel, Find(root, "report"), Report);
        Handle<MlopsHelp>(kernel, Find(root, "help"), (_, ctx) =>
        {
            ctx.DisplayAs(HelpView.Render(all), "text/html");
            return Task.CompletedTask;
        });
    }

    private static Task Report(MlopsReport c, KernelInvocationContext ctx)
    {
        var given = new[] { c.Run, c.Compare, c.Experiment, c.Model }.Count(x => x is not null);
        if (given != 1)
            throw new MlopsException(MlopsErrorKind.InvalidArgument, "give exactly one of --run <id>, --compare \"<filter>\", --experiment <name> or --model <name@alias>.");
        var reports = MLOps.Client.Reports;
        var html = c.Run is { } run ? reports.Run(run) : c.Compare is { } filter ? reports.Comparison(filter)
            : c.Model is { } model ? reports.Model(model) : reports.Experiment(c.Experiment!);
        var path = ReportWriter.Write(html, c.Out!);
        ctx.DisplayAs(Html.Wrap($"<p>Wrote <code>{Html.E(path)}</code> ({Html.Size(new FileInfo(path).Length)}): one HTML file that opens with no network.</p>"), "text/html");
        return Task.CompletedTask;
    }

    internal static KernelActionDirective Find(KernelActionDirective root, string name) => root.Subcommands.Single(s => s.Name == name);

    private static string Status() => StoreViews.Status(MLOps.Client.GetStatus(), MLOps.Experiment, MLOps.ActiveRun?.Info);
}

using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Directives;
using Mlops.Charts;
using static Mlops.Interactive.Directive;

namespace Mlops.Interactive;

/// <summary><c>#!experiment</c>: which experiment new runs go to.</summary>
internal static class ExperimentDirectives
{
    public static KernelActionDirective Create() => new("#!experiment", "group runs")
    {
        KernelCommandType = typeof(MlopsExperimentRoot),
        Subcommands =
        {
            Sub<MlopsExperimentUse>("use", "Send new runs to this experiment (created on first use; default \"Default\").", "#!experiment use churn",
                Param("--name", "experiment name", positional: true, required: true, completions: ExperimentNames)),
            Sub<MlopsExperimentList>("list", "Experiments with their run counts.", "#!experiment list"),
        },
    };

    public static void Register(Kernel kernel, KernelActionDirective root)
    {
        HandleRoot<MlopsExperimentRoot>(kernel, root);
        Handle<MlopsExperimentUse>(kernel, MlopsDirectives.Find(root, "use"), (c, ctx) =>
        {
            var experiment = MLOps.UseExperiment(c.Name!);
            ctx.DisplayAs(Html.Wrap($"<p>New runs go to experiment <b>{Html.E(experiment.Name)}</b>.</p>"), "text/html");
            return Task.CompletedTask;
        });
        Handle<MlopsExperimentList>(kernel, MlopsDirectives.Find(root, "list"), (_, ctx) =>
        {
            ctx.DisplayAs(StoreViews.Experiments(MLOps.Client.ListExperiments(), MLOps.Experiment), "text/html");
            return Task.CompletedTask;
        });
    }

    internal static IEnumerable<string> ExperimentNames()
    {
        try { return MLOps.Client.ListExperiments().Select(e => e.Experiment.Name).ToList(); }
        catch (MlopsException) { return []; }
    }
}

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
            Sub<MlopsUseStore>("use", "Use the store in a folder (default .mlops/ here, or MLOPS_STORE); created if missing.", "#!mlops use ./.mlops",
                Param("--folder", "store folder", positional: true)),
            Sub<MlopsStatus>("status", "Store path, schema version, counts, current experiment and active run.", "#!mlops status"),
            Sub<MlopsHelp>("help", "Every directive and option, with an example each.", "#!mlops help"),
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
        Handle<MlopsHelp>(kernel, Find(root, "help"), (_, ctx) =>
        {
            ctx.DisplayAs(HelpView.Render(all), "text/html");
            return Task.CompletedTask;
        });
    }

    internal static KernelActionDirective Find(KernelActionDirective root, string name) => root.Subcommands.Single(s => s.Name == name);

    private static string Status() => StoreViews.Status(MLOps.Client.GetStatus(), MLOps.Experiment, MLOps.ActiveRun?.Info);
}

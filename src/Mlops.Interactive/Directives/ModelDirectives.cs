using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Directives;
using Mlops.Charts;
using Mlops.MLNet;
using static Mlops.Interactive.Directive;

namespace Mlops.Interactive;

/// <summary><c>#!model</c>: the model registry. Each handler is a thin adapter over <see cref="MLOps.Models"/>.</summary>
internal static class ModelDirectives
{
    public static KernelActionDirective Create() => new("#!model", "register, promote and load models")
    {
        KernelCommandType = typeof(MlopsModelRoot),
        Subcommands =
        {
            Sub<MlopsModelRegister>("register", "Register the model a run logged as the next version, with its signature, metrics and lineage.",
                "#!model register churn --run @csharp:runId",
                Param("--name", "model name", positional: true, required: true),
                Param("--run", "the run that logged the model (id or unique prefix)", required: true),
                Param("--artifact", "the model's artifact name in the run (default: its only .zip)"),
                Param("--label", "the label column evaluation compares with (default: the run's label param, else Label)"),
                Param("--description", "what this version is")),
            Sub<MlopsModelList>("list", "Models with their latest versions and aliases.", "#!model list"),
            Sub<MlopsModelShow>("show", "Model card: signature, metrics, params, lineage, versions and decisions.", "#!model show churn@champion",
                Param("--model", "name (latest), name/3 or name@alias", positional: true, required: true)),
            Sub<MlopsModelAlias>("alias", "Set or move an alias directly (recorded as an ungated decision).", "#!model alias churn --version 2 --alias staging",
                Param("--name", "model name", positional: true, required: true),
                Param("--version", "version number", required: true),
                Param("--alias", "alias to set, e.g. staging", required: true),
                Param("--reason", "why")),
            Sub<MlopsModelPromote>("promote", "Re-score the candidate and the alias's holder on a pinned dataset version; move the alias only if the gate passes.",
                "#!model promote churn --version 2 --to champion --on holdout@1 --gate \"auc >= champion.auc + 0.005\"",
                Param("--name", "model name", positional: true, required: true),
                Param("--version", "candidate version", required: true),
                Param("--to", "alias to move, e.g. champion", required: true),
                Param("--on", "dataset version both are scored on, e.g. holdout@1", required: true),
                Param("--gate", "metric comparisons joined by and/or: auc >= champion.auc + 0.005 and log_loss <= champion.log_loss"),
                new KernelDirectiveParameter("--force", "move even if the gate fails (needs --reason)") { Flag = true },
                Param("--reason", "why (required with --force)")),
            Sub<MlopsModelLoad>("load", "Load a version into a C# variable, ready to predict.", "#!model load churn@champion --into champion",
                Param("--model", "name (latest), name/3 or name@alias", positional: true, required: true),
                Param("--into", "C# variable to receive the model", required: true)),
            Sub<MlopsModelHistory>("history", "Versions, alias moves and every decision, on a timeline.", "#!model history churn",
                Param("--name", "model name", positional: true, required: true)),
            Sub<MlopsModelDelete>("delete", "Delete a version: no longer resolved, promoted or loaded; kept for the decisions that name it. Refused while an alias points at it.",
                "#!model delete churn/1",
                Param("--version", "name/<version>", positional: true, required: true)),
        },
    };

    public static void Register(Kernel kernel, KernelActionDirective root)
    {
        HandleRoot<MlopsModelRoot>(kernel, root);
        Handle<MlopsModelRegister>(kernel, MlopsDirectives.Find(root, "register"), (c, ctx) =>
            Show(ctx, ModelViews.Registered(MLOps.Models.Register(c.Name!, c.Run!, c.Artifact, c.Label, c.Description))));
        Handle<MlopsModelList>(kernel, MlopsDirectives.Find(root, "list"), (_, ctx) => Show(ctx, ModelViews.List(MLOps.Models.List())));
        Handle<MlopsModelShow>(kernel, MlopsDirectives.Find(root, "show"), (c, ctx) => Show(ctx, ModelViews.Card(MLOps.Models.Card(c.Model!), Charts.Context())));
        Handle<MlopsModelAlias>(kernel, MlopsDirectives.Find(root, "alias"), (c, ctx) =>
            Show(ctx, PromotionView.Render(MLOps.Models.SetAlias(c.Name!, Version(c.Version!), c.Alias!, c.Reason))));
        Handle<MlopsModelPromote>(kernel, MlopsDirectives.Find(root, "promote"), (c, ctx) =>
        {
            // a failed gate is an outcome, not an error: it is shown with its evidence and the cell succeeds
            return DisplayProgress.Run(ctx, $"scoring {c.Name}/{c.Version} and {c.Name}@{c.To} on {c.On}", _ =>
                PromotionView.Render(MLOps.Models.Promote(c.Name!, Version(c.Version!), c.To!, c.On!, c.Gate, c.Force, c.Reason)));
        });
        Handle<MlopsModelLoad>(kernel, MlopsDirectives.Find(root, "load"), async (c, ctx) =>
        {
            var into = Args.Variable(c.Into!, "--into");
            var model = MLOps.Models.Load(c.Model!);
            await KernelValues.SetAsync<LoadedModel>(ctx, into, model);
            ctx.DisplayAs(Html.Wrap($"<p>Loaded <b>{Html.E(model.Version.Reference)}</b> {ModelViews.Aliases(model.Version.Aliases)} into <code>{Html.E(into)}</code>: "
                + $"{Html.E(model.Version.Signature.TaskName)}, reads {Html.E(string.Join(", ", model.Version.Signature.Inputs.Select(i => i.Name)))}. "
                + $"Predict with <code>{Html.E(into)}.Predict&lt;TInput, TOutput&gt;(row)</code> or score a DataFrame with <code>{Html.E(into)}.Transform(frame)</code>.</p>"), "text/html");
        });
        Handle<MlopsModelHistory>(kernel, MlopsDirectives.Find(root, "history"), (c, ctx) => Show(ctx, ModelViews.History(MLOps.Models.History(c.Name!), Charts.Context())));
        Handle<MlopsModelDelete>(kernel, MlopsDirectives.Find(root, "delete"), (c, ctx) =>
            Show(ctx, Html.Wrap($"<p>Deleted {Html.E(MLOps.Models.Delete(c.Version!).Reference)}; its decisions still name it.</p>")));
    }

    private static int Version(string text) =>
        int.TryParse(text.Trim().TrimStart('v'), out var version) && version > 0 ? version
            : throw new MlopsException(MlopsErrorKind.InvalidArgument, $"--version must be a version number such as 2 (got '{text}'); #!model show <name> lists the versions.");
}

using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Directives;
using Mlops.Charts;
using static Mlops.Interactive.Directive;

namespace Mlops.Interactive;

/// <summary>
/// <c>#!run delete|restore</c>, <c>#!experiment delete|restore|rename</c> and <c>#!mlops gc</c>: thin adapters over the
/// client's <see cref="LifecycleService"/>.
/// </summary>
internal static class LifecycleDirectives
{
    /// <summary>Adds the verbs to the directive trees (before they are registered).</summary>
    public static void Extend(KernelActionDirective run, KernelActionDirective experiment, KernelActionDirective mlops)
    {
        run.Subcommands.Add(Sub<MlopsRunDelete>("delete", "Delete runs: they leave lists, search, compare and reports until restored; gc purges them after the retention.",
            "#!run delete 3f2a9c 9b1c4d   or   #!run delete --where \"metrics.auc < 0.6\"",
            Param("--runs", "run ids or prefixes", positional: true),
            Param("--where", "filter selecting the runs to delete")).TakesPositionals(1000));
        run.Subcommands.Add(Sub<MlopsRunRestore>("restore", "Restore deleted runs.", "#!run restore 3f2a9c",
            Param("--runs", "run ids or prefixes", positional: true, required: true)).TakesPositionals(1000));
        experiment.Subcommands.Add(Sub<MlopsExperimentDelete>("delete", "Delete an experiment with its runs (until restored, or purged by gc).", "#!experiment delete scratch",
            Param("--name", "experiment name", positional: true, required: true, completions: ExperimentDirectives.ExperimentNames)));
        experiment.Subcommands.Add(Sub<MlopsExperimentRestore>("restore", "Restore a deleted experiment with its runs.", "#!experiment restore scratch",
            Param("--name", "experiment name", positional: true, required: true)));
        experiment.Subcommands.Add(Sub<MlopsExperimentRename>("rename", "Rename an experiment; its runs follow.", "#!experiment rename scratch --to baselines",
            Param("--name", "experiment name", positional: true, required: true, completions: ExperimentDirectives.ExperimentNames),
            Param("--to", "its new name", required: true)));
        mlops.Subcommands.Add(Sub<MlopsGc>("gc", "Purge what was deleted longer ago than the retention, and stored files nothing refers to; then compact the store.",
            "#!mlops gc --older-than 30d --dry-run",
            Param("--older-than", "30d (default), 12h, 90m, 0d"),
            new KernelDirectiveParameter("--dry-run", "report only; change nothing") { Flag = true }));
    }

    public static void Register(Kernel kernel, KernelActionDirective run, KernelActionDirective experiment, KernelActionDirective mlops)
    {
        var delete = MlopsDirectives.Find(run, "delete");
        Handle<MlopsRunDelete>(kernel, delete, (c, ctx) =>
        {
            var ids = DirectiveGuard.Positionals(c, delete);
            if ((ids.Count > 0) == (c.Where is not null))
                throw new MlopsException(MlopsErrorKind.InvalidArgument, "give run ids (#!run delete 3f2a 9b1c) or a filter (--where \"metrics.auc < 0.6\"), not both and not neither.");
            var deleted = c.Where is not null ? MLOps.Client.Lifecycle.DeleteRuns(c.Where) : MLOps.Client.Lifecycle.DeleteRuns(ids);
            return Show(ctx, Html.Wrap($"<p>Deleted {deleted.Count} run(s): {string.Join(", ", deleted.Select(Html.RunIdCell))}{(c.Where is null ? "" : $" (<code>{Html.E(c.Where)}</code>)")}. " +
                "<code>#!run restore &lt;id&gt;</code> brings one back; <code>#!mlops gc</code> purges them after the retention.</p>"));
        });
        var restore = MlopsDirectives.Find(run, "restore");
        Handle<MlopsRunRestore>(kernel, restore, (c, ctx) =>
        {
            var restored = MLOps.Client.Lifecycle.RestoreRuns(DirectiveGuard.Positionals(c, restore));
            return Show(ctx, Html.Wrap($"<p>Restored {restored.Count} run(s): {string.Join(", ", restored.Select(Html.RunIdCell))}.</p>"));
        });
        Handle<MlopsExperimentDelete>(kernel, MlopsDirectives.Find(experiment, "delete"), (c, ctx) =>
        {
            MLOps.Client.Lifecycle.DeleteExperiment(c.Name!);
            return Show(ctx, Html.Wrap($"<p>Deleted experiment <b>{Html.E(c.Name)}</b> with its runs.</p>"));
        });
        Handle<MlopsExperimentRestore>(kernel, MlopsDirectives.Find(experiment, "restore"), (c, ctx) =>
        {
            MLOps.Client.Lifecycle.RestoreExperiment(c.Name!);
            return Show(ctx, Html.Wrap($"<p>Restored experiment <b>{Html.E(c.Name)}</b>.</p>"));
        });
        Handle<MlopsExperimentRename>(kernel, MlopsDirectives.Find(experiment, "rename"), (c, ctx) =>
        {
            MLOps.Client.Lifecycle.RenameExperiment(c.Name!, c.To!);
            return Show(ctx, Html.Wrap($"<p>Renamed experiment <b>{Html.E(c.Name)}</b> to <b>{Html.E(c.To)}</b>.</p>"));
        });
        Handle<MlopsGc>(kernel, MlopsDirectives.Find(mlops, "gc"), (c, ctx) =>
        {
            var report = MLOps.Client.Lifecycle.CollectGarbage(Retention.Parse(c.OlderThan), c.DryRun);
            return Show(ctx, Html.Wrap($"<p>{Html.E(GcText(report))}</p>"));
        });
    }

    /// <summary>What a gc did, in one sentence.</summary>
    public static string GcText(GcReport r) =>
        $"{(r.DryRun ? "Would remove" : "Removed")} {r.Runs} run(s) ({r.MetricPoints:N0} metric points, {r.ArtifactRecords} artifact records), {r.Experiments} experiment(s), " +
        $"{Wording.Count(r.DatasetVersions, "dataset version")} ({Wording.Count(r.DatasetRows, "stored row")} only they held), " +
        $"{r.Blobs} stored file(s) nothing refers to ({Html.Size(r.BlobBytes)})" +
        (r.KeptForModels > 0 ? $"; kept {r.KeptForModels} deleted run(s) a model version was registered from" : "") +
        (r.KeptDatasetVersions > 0 ? $"; kept {Wording.Count(r.KeptDatasetVersions, "deleted dataset version")} a remaining run or a decision uses" : "") +
        (r.DryRun ? $". The store is {Html.Size(r.BytesBefore)}; nothing was changed." : $". The store went from {Html.Size(r.BytesBefore)} to {Html.Size(r.BytesAfter)}.");
}

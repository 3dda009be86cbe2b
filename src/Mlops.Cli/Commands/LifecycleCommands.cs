using System.CommandLine;
using Mlops.Cli.Terminal;
using static Mlops.Cli.Commands.CommandOutput;

namespace Mlops.Cli.Commands;

/// <summary>
/// <c>mlops runs delete|restore</c>, <c>mlops experiments delete|restore|rename</c>, <c>mlops gc</c> and the lifecycle
/// trail: a delete hides, gc removes what was deleted longer ago than the retention (dataset versions are deleted with
/// <c>mlops dataset delete</c>, model versions with <c>mlops model delete</c>).
/// </summary>
internal static class LifecycleCommands
{
    /// <summary>The verbs added to <c>mlops runs</c>.</summary>
    public static IEnumerable<Command> RunVerbs(Option<string?> store)
    {
        var ids = new Argument<string[]>("run-ids") { Description = "run ids or unique prefixes (or use --where)", Arity = ArgumentArity.ZeroOrMore };
        var where = new Option<string?>("--where") { Description = "delete every run this filter selects" };
        var yes = new Option<bool>("--yes") { Description = "with --where: delete without asking (the count is printed first)" };
        var delete = new Command("delete", "Delete runs: they leave lists, search, compare and reports until restored, and gc purges them after the retention")
        {
            ids, where, yes,
        };
        delete.SetAction(parse => Use(parse, store, client =>
        {
            var (given, filter) = (parse.GetValue(ids) ?? [], parse.GetValue(where));
            if ((given.Length > 0) == (filter is not null))
                throw new MlopsException(MlopsErrorKind.InvalidArgument, "give run ids or --where \"<filter>\", not both and not neither.");
            if (filter is not null)
            {
                var matching = client.Lifecycle.Matching(filter);
                if (matching.Count == 0) throw new MlopsException(MlopsErrorKind.InvalidArgument, $"--where \"{filter}\" selects no run (deleted runs aside); nothing was deleted.");
                Console.WriteLine($"--where \"{filter}\" selects {matching.Count} run{(matching.Count == 1 ? "" : "s")}: {string.Join(", ", matching.Take(10).Select(r => $"{r.Info.Id.Short} ({r.Info.Name})"))}{(matching.Count > 10 ? ", ..." : "")}");
                if (!parse.GetValue(yes))
                    throw new MlopsException(MlopsErrorKind.InvalidArgument, $"deleting {matching.Count} runs by a filter needs --yes; nothing was deleted.");
            }
            var deleted = filter is not null ? client.Lifecycle.DeleteRuns(filter) : client.Lifecycle.DeleteRuns(given);
            Console.WriteLine($"deleted {deleted.Count} run{(deleted.Count == 1 ? "" : "s")}: {string.Join(", ", deleted.Select(d => d.Short))} (mlops runs restore <id> brings one back; mlops gc purges them after the retention)");
        }));

        var restoreIds = new Argument<string[]>("run-ids") { Description = "run ids or unique prefixes", Arity = ArgumentArity.OneOrMore };
        var restore = new Command("restore", "Restore deleted runs") { restoreIds };
        restore.SetAction(parse => Use(parse, store, client =>
        {
            var restored = client.Lifecycle.RestoreRuns(parse.GetValue(restoreIds) ?? []);
            Console.WriteLine($"restored {restored.Count} run{(restored.Count == 1 ? "" : "s")}: {string.Join(", ", restored.Select(d => d.Short))}");
        }));
        return [delete, restore];
    }

    /// <summary>The verbs added to <c>mlops experiments</c>.</summary>
    public static IEnumerable<Command> ExperimentVerbs(Option<string?> store)
    {
        Argument<string> Name() => new("name") { Description = "experiment name" };
        var deleteName = Name();
        var delete = new Command("delete", "Delete an experiment with its runs (until restored, or purged by gc)") { deleteName };
        delete.SetAction(parse => Use(parse, store, client =>
        {
            client.Lifecycle.DeleteExperiment(parse.GetValue(deleteName)!);
            Console.WriteLine($"deleted experiment {parse.GetValue(deleteName)}");
        }));
        var restoreName = Name();
        var restore = new Command("restore", "Restore a deleted experiment with its runs") { restoreName };
        restore.SetAction(parse => Use(parse, store, client =>
        {
            client.Lifecycle.RestoreExperiment(parse.GetValue(restoreName)!);
            Console.WriteLine($"restored experiment {parse.GetValue(restoreName)}");
        }));
        var oldName = Name();
        var newName = new Argument<string>("new-name") { Description = "its new name" };
        var rename = new Command("rename", "Rename an experiment") { oldName, newName };
        rename.SetAction(parse => Use(parse, store, client =>
        {
            client.Lifecycle.RenameExperiment(parse.GetValue(oldName)!, parse.GetValue(newName)!);
            Console.WriteLine($"renamed experiment {parse.GetValue(oldName)} to {parse.GetValue(newName)}");
        }));
        return [delete, restore, rename];
    }

    /// <summary><c>mlops gc</c> and <c>mlops history</c>.</summary>
    public static IEnumerable<Command> Create(Option<string?> store)
    {
        var olderThan = new Option<string?>("--older-than") { Description = "purge what was deleted at least this long ago: 30d (default), 12h, 90m, 0d", HelpName = "30d" };
        var dryRun = new Option<bool>("--dry-run") { Description = "print what would be removed; change nothing" };
        var gc = new Command("gc", "Permanently remove what was deleted longer ago than the retention, and stored files nothing refers to; then compact the store")
        {
            olderThan, dryRun,
        };
        gc.SetAction(parse => Use(parse, store, client =>
        {
            var retention = Retention.Parse(parse.GetValue(olderThan));
            var report = client.Lifecycle.CollectGarbage(retention, parse.GetValue(dryRun));
            Console.WriteLine(GcText(report));
        }));
        var history = new Command("history", "The lifecycle trail: every delete, restore, rename and purge, who and when");
        history.SetAction(parse => Use(parse, store, client =>
            TextTable.Write(Console.Out, ["#", "when", "who", "action", "what", "detail"], client.Lifecycle.History().Select(e => (IReadOnlyList<string>)[
                e.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), Text.Time(e.At), e.Who, e.Action, $"{e.Kind} {e.Target}", e.Detail ?? ""]))));
        return [gc, history];
    }

    /// <summary>What a gc did, in one paragraph.</summary>
    public static string GcText(GcReport r) =>
        $"{(r.DryRun ? "would remove" : "removed")}: {r.Runs} run{(r.Runs == 1 ? "" : "s")} ({r.MetricPoints:N0} metric points, {r.ArtifactRecords} artifact records), " +
        $"{r.Experiments} experiment{(r.Experiments == 1 ? "" : "s")}, {Wording.Count(r.DatasetVersions, "dataset version")} ({Wording.Count(r.DatasetRows, "stored row")} only they held), " +
        $"{r.Blobs} stored file{(r.Blobs == 1 ? "" : "s")} nothing refers to ({Text.Bytes(r.BlobBytes)})" +
        (r.KeptForModels > 0 ? $"; kept {r.KeptForModels} deleted run{(r.KeptForModels == 1 ? "" : "s")} a model version was registered from" : "") +
        (r.KeptDatasetVersions > 0 ? $"; kept {Wording.Count(r.KeptDatasetVersions, "deleted dataset version")} a remaining run or a decision uses" : "") +
        (r.DryRun ? $". The store is {Text.Bytes(r.BytesBefore)}; nothing was changed." : $". The store went from {Text.Bytes(r.BytesBefore)} to {Text.Bytes(r.BytesAfter)} ({Text.Bytes(r.BytesFreed)} freed).");
}

using System.CommandLine;
using System.Globalization;
using Mlops.Cli.Terminal;
using static Mlops.Cli.Commands.CommandOutput;

namespace Mlops.Cli.Commands;

/// <summary><c>mlops model register|list|show|alias|promote|download|history|delete</c>. A failed gate exits with 3.</summary>
internal static class ModelCommands
{
    /// <summary>The exit code of a promotion whose gate failed (nothing moved).</summary>
    public const int GateFailed = 3;

    public static Command Create(Option<string?> store)
    {
        var json = new Option<bool>("--json") { Description = "print JSON instead of text", Recursive = true };
        var model = new Command("model", "The model registry: register, list, show, alias, promote on evidence, download, history") { json };

        var name = new Argument<string>("name") { Description = "model name" };
        var run = new Option<string>("--run") { Description = "the run that logged the model (id or unique prefix)", Required = true };
        var artifact = new Option<string?>("--artifact") { Description = "the model's artifact name in the run (default: its only .zip)" };
        var label = new Option<string?>("--label") { Description = "the label column (default: the run's label param, else Label)" };
        var description = new Option<string?>("--description") { Description = "what this version is" };
        var register = new Command("register", "Register the model a run logged as the next version") { name, run, artifact, label, description };
        register.SetAction(parse => Use(parse, store, client =>
        {
            var v = client.Models.Register(parse.GetValue(name)!, parse.GetValue(run)!, parse.GetValue(artifact), parse.GetValue(label), parse.GetValue(description));
            Print(parse, v, _ => Console.WriteLine($"registered {v.Reference} from run {v.Run.Short}: {v.Signature.TaskName}, label {v.Signature.Label ?? "none"}, {v.Digest[..12]}"));
        }));
        model.Subcommands.Add(register);

        var list = new Command("list", "Models with their latest versions and aliases");
        list.SetAction(parse => Use(parse, store, client => Print(parse, client.Models.List(), all =>
            TextTable.Write(Console.Out, ["model", "task", "versions", "aliases", "updated"], all.Select(m => (IReadOnlyList<string>)
                [m.Name, m.Task.Name(), m.Versions.ToString(CultureInfo.InvariantCulture),
                 string.Join(", ", m.Aliases.Select(a => $"{a.Key}={a.Value}")), Text.Time(m.UpdatedAt)])))));
        model.Subcommands.Add(list);

        var reference = new Argument<string>("model") { Description = "name (latest), name/3 or name@alias" };
        var show = new Command("show", "A version's card: signature, metrics, params, lineage") { reference };
        show.SetAction(parse => Use(parse, store, client => Print(parse, client.Models.Resolve(parse.GetValue(reference)!), Card)));
        model.Subcommands.Add(show);

        var aliasName = new Argument<string>("name") { Description = "model name" };
        var version = new Option<int>("--version") { Description = "version number", Required = true };
        var alias = new Option<string>("--alias") { Description = "alias to set", Required = true };
        var reason = new Option<string?>("--reason") { Description = "why" };
        var setAlias = new Command("alias", "Set or move an alias directly (recorded as an ungated decision)") { aliasName, version, alias, reason };
        setAlias.SetAction(parse => Use(parse, store, client =>
            Print(parse, client.Models.SetAlias(parse.GetValue(aliasName)!, parse.GetValue(version), parse.GetValue(alias)!, parse.GetValue(reason)), Promotion)));
        model.Subcommands.Add(setAlias);

        var promoteName = new Argument<string>("name") { Description = "model name" };
        var candidate = new Option<int>("--version") { Description = "candidate version", Required = true };
        var to = new Option<string>("--to") { Description = "alias to move, e.g. champion", Required = true };
        var on = new Option<string>("--on") { Description = "dataset version both models are scored on, e.g. holdout@1", Required = true };
        var gate = new Option<string?>("--gate") { Description = "e.g. \"auc >= champion.auc + 0.005 and log_loss <= champion.log_loss\"" };
        var force = new Option<bool>("--force") { Description = "move even if the gate fails (needs --reason)" };
        var why = new Option<string?>("--reason") { Description = "why (required with --force)" };
        var promote = new Command("promote", $"Re-score candidate and incumbent on a pinned dataset version; move the alias only if the gate passes (exit {GateFailed} if it fails)")
            { promoteName, candidate, to, on, gate, force, why };
        promote.SetAction(parse =>
        {
            using var client = MlopsClient.OpenExisting(parse.GetValue(store));
            var result = client.Models.Promote(parse.GetValue(promoteName)!, parse.GetValue(candidate), parse.GetValue(to)!, parse.GetValue(on)!,
                parse.GetValue(gate), parse.GetValue(force), parse.GetValue(why));
            Print(parse, result, Promotion);
            return result.Moved ? 0 : GateFailed;
        });
        model.Subcommands.Add(promote);

        var downloadRef = new Argument<string>("model") { Description = "name (latest), name/3 or name@alias" };
        var target = new Option<string>("--to") { Description = "file to write the model (.zip) to", Required = true };
        var download = new Command("download", "Write a version's model file, checked against its digest") { downloadRef, target };
        download.SetAction(parse => Use(parse, store, client =>
        {
            var bytes = client.Models.Service.Open(parse.GetValue(downloadRef)!);
            var path = Path.GetFullPath(parse.GetValue(target)!);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var temporary = path + ".partial";
            File.WriteAllBytes(temporary, bytes.Bytes);
            File.Move(temporary, path, overwrite: true);
            Console.WriteLine($"wrote {bytes.Version.Reference} to {path} ({bytes.Bytes.Length:N0} bytes)");
        }));
        model.Subcommands.Add(download);
        var deleteRef = new Argument<string>("version") { Description = "the version to delete: name/<version>" };
        var delete = new Command("delete", "Delete a version: no longer resolved, promoted or loaded; kept for the decisions that name it. Refused while an alias points at it") { deleteRef };
        delete.SetAction(parse => Use(parse, store, client => Console.WriteLine($"deleted {client.Models.Delete(parse.GetValue(deleteRef)!).Reference}")));
        model.Subcommands.Add(delete);

        var historyName = new Argument<string>("name") { Description = "model name" };
        var history = new Command("history", "Versions and every decision, oldest first") { historyName };
        history.SetAction(parse => Use(parse, store, client => Print(parse, client.Models.History(parse.GetValue(historyName)!), History)));
        model.Subcommands.Add(history);
        return model;
    }

    private static void Card(ModelVersion v)
    {
        Console.WriteLine($"{v.Reference}{(v.Aliases.Count > 0 ? " [" + string.Join(", ", v.Aliases) + "]" : "")}");
        Console.WriteLine($"  task {v.Signature.TaskName}, label {v.Signature.Label ?? "none"}, run {v.Run.Short}, {v.Artifact} {v.Size:N0} bytes {v.Digest[..12]}");
        Console.WriteLine($"  registered {Text.Time(v.CreatedAt)} by {v.CreatedBy}{(v.Description is null ? "" : ": " + v.Description)}");
        Console.WriteLine($"  reads   {string.Join(", ", v.Signature.Inputs)}");
        Console.WriteLine($"  adds    {string.Join(", ", v.Signature.Outputs)}");
        if (v.Inputs.Count > 0) Console.WriteLine($"  data used by its run {string.Join(", ", v.Inputs.Select(i => $"{i.Dataset}@{i.Version}"))}");
        TextTable.Write(Console.Out, ["metric", "value"], v.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => (IReadOnlyList<string>)[m.Key, Text.Number(m.Value)]));
        TextTable.Write(Console.Out, ["param", "value"], v.Params.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (IReadOnlyList<string>)[p.Key, p.Value]));
    }

    private static void Promotion(PromotionResult result)
    {
        var d = result.Decision;
        Console.WriteLine(d.Outcome switch
        {
            DecisionOutcome.GateFailed => $"gate failed: {d.Model}@{d.Alias} stays at {(d.Incumbent is { } i ? "version " + i : "nothing")}",
            _ => $"{d.OutcomeText}: {d.Model}@{d.Alias} -> version {d.Candidate}{(d.Incumbent is { } was ? $" (was {was})" : "")}",
        });
        if (d.Dataset is not null) Console.WriteLine($"  scored on {d.Dataset}@{d.DatasetVersion} ({d.DatasetDigest?[..12]}); decision #{d.Id} by {d.Who}");
        if (d.Terms.Count > 0)
            TextTable.Write(Console.Out, ["term", "left", "right", "verdict"], d.Terms.Select(t => (IReadOnlyList<string>)
                [t.Term, t.Left is { } l ? Text.Number(l) : "-", t.Right is { } r ? Text.Number(r) : "-", t.Passed switch { true => "holds", false => "FAILS", null => t.Note ?? "skipped" }]));
        if (d.CandidateMetrics.Count > 0)
            TextTable.Write(Console.Out, ["metric", $"v{d.Candidate}", d.Incumbent is { } inc ? $"{d.Alias} v{inc}" : "incumbent"],
                d.CandidateMetrics.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => (IReadOnlyList<string>)
                    [m.Key, Text.Number(m.Value), d.IncumbentMetrics.TryGetValue(m.Key, out var other) ? Text.Number(other) : "-"]));
    }

    private static void History(ModelDetails model)
    {
        TextTable.Write(Console.Out, ["version", "registered", "run", "aliases", "description"], model.Versions.Select(v => (IReadOnlyList<string>)
            [v.Version.ToString(CultureInfo.InvariantCulture), Text.Time(v.CreatedAt), v.Run.Short, string.Join(", ", v.Aliases), v.Description ?? ""]));
        TextTable.Write(Console.Out, ["#", "time", "who", "alias", "outcome", "candidate", "incumbent", "on", "gate", "reason"], model.Decisions.Select(d => (IReadOnlyList<string>)
            [d.Id.ToString(CultureInfo.InvariantCulture), Text.Time(d.At), d.Who, d.Alias, d.OutcomeText, d.Candidate.ToString(CultureInfo.InvariantCulture),
             d.Incumbent?.ToString(CultureInfo.InvariantCulture) ?? "-", d.Dataset is null ? "-" : $"{d.Dataset}@{d.DatasetVersion}", d.Gate ?? "-", d.Reason ?? ""]));
    }
}

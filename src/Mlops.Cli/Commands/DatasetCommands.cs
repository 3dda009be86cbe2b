using System.CommandLine;
using System.Text.Json;
using Mlops.Cli.Terminal;
using static Mlops.Cli.Commands.CommandOutput;

namespace Mlops.Cli.Commands;

/// <summary><c>mlops dataset commit|list|log|show|load|diff|profile|drift</c>.</summary>
internal static class DatasetCommands
{
    public static Command Create(Option<string?> store)
    {
        var json = new Option<bool>("--json") { Description = "print JSON instead of a table", Recursive = true };
        var dataset = new Command("dataset", "Version datasets: commit files, log, show, load, diff, profile, drift, delete, restore") { json };

        var name = new Argument<string>("name") { Description = "dataset name" };
        var from = new Option<string>("--from") { Description = "a .csv, .tsv, .parquet, .json or .jsonl file", Required = true };
        var key = new Option<string?>("--key") { Description = "key columns, comma-separated: remembered, checked unique, used by diff" };
        var message = new Option<string?>("--message") { Description = "what changed and why" };
        var rename = new Option<string?>("--rename") { Description = "columns renamed since the previous version: old=new,..." };
        var rollback = new Option<bool>("--rollback") { Description = "content equal to an earlier version becomes the latest again" };
        var commit = new Command("commit", "Commit a file as the next version (content equal to an existing version is that version: nothing is stored)") { name, from, key, message, rename, rollback };
        commit.SetAction(parse => UseOrCreate(parse, store, client =>
        {
            var renames = parse.GetValue(rename) is { } r ? KeyValueList.Parse(r, "--rename").ToDictionary() : null;
            var progress = new Progress(Console.Error);
            var result = client.Datasets.Service.Commit(parse.GetValue(name)!, FileSource.For(parse.GetValue(from)!), Columns(parse.GetValue(key)), parse.GetValue(message), renames,
                progress: progress, rollback: parse.GetValue(rollback));
            var v = result.Version;
            Console.WriteLine(result.IsEarlierVersion ? $"unchanged: this content is {v.Label} ({v.ShortDigest}), an earlier version; the latest is still {v.Dataset}@{result.Latest}. Nothing stored; --rollback makes it the latest again"
                : result.Unchanged ? $"unchanged: still {v.Label} ({v.ShortDigest}); nothing stored"
                : $"committed {v.Label} ({v.ShortDigest}): {v.Rows:N0} rows, +{v.Added} -{v.Removed}" + (v.Changed is { } c ? $" ~{c}" : "") + (result.Restores is { } restored ? $"; restores version {restored}" : ""));
        }));
        dataset.Subcommands.Add(commit);

        var list = new Command("list", "Datasets with their latest versions");
        list.SetAction(parse => Use(parse, store, client => Print(parse, client.Datasets.List(), all =>
            TextTable.Write(Console.Out, ["dataset", "versions", "rows", "digest", "key"], all.Select(d => (IReadOnlyList<string>)
                [d.Name, d.Versions.ToString(), d.Latest.Rows.ToString("N0"), d.Latest.ShortDigest, string.Join(",", d.Key)])))));
        dataset.Subcommands.Add(list);

        var logName = new Argument<string>("name") { Description = "dataset name" };
        var includeDeleted = new Option<bool>("--include-deleted") { Description = "show deleted and purged versions too" };
        var log = new Command("log", "Every version with its changes and the runs that used it") { logName, includeDeleted };
        log.SetAction(parse => Use(parse, store, client =>
        {
            var versions = client.Datasets.Log(parse.GetValue(logName)!, parse.GetValue(includeDeleted));
            Print(parse, versions, v => DatasetText.Log(Console.Out, v, client.Datasets.Service.Key(parse.GetValue(logName)!)));
        }));
        dataset.Subcommands.Add(log);

        var deleteRef = new Argument<string>("version") { Description = "the version to delete: name@3" };
        var delete = new Command("delete", "Delete a version: it leaves logs and references until restored, and gc removes the rows only it holds. " +
                                           "Refused while a run or model version that is not deleted used it, or a decision was re-scored on it") { deleteRef };
        delete.SetAction(parse => Use(parse, store, client =>
        {
            var version = client.Datasets.Delete(parse.GetValue(deleteRef)!);
            Console.WriteLine($"deleted {version.Label} (mlops dataset restore {version.Label} brings it back; mlops gc purges its rows after the retention)");
        }));
        dataset.Subcommands.Add(delete);

        var restoreRef = new Argument<string>("version") { Description = "the version to restore: name@3" };
        var restore = new Command("restore", "Restore a deleted version (not one gc purged)") { restoreRef };
        restore.SetAction(parse => Use(parse, store, client => Console.WriteLine($"restored {client.Datasets.Restore(parse.GetValue(restoreRef)!).Label}")));
        dataset.Subcommands.Add(restore);

        var reference = new Argument<string>("version") { Description = "name, name@3, name@latest or name@<digest prefix>" };
        var where = new Option<string?>("--where") { Description = "filter on the columns, e.g. \"price > 100 and city in ('Oslo', 'Bergen')\"" };
        var limit = new Option<int?>("--limit") { Description = "at most this many rows (default 20 on screen, all with --csv)" };
        var csv = new Option<bool>("--csv") { Description = "print the rows as CSV" };
        var load = new Command("load", "Print a version's rows (as a table, or CSV to redirect into a file)") { reference, where, limit, csv };
        load.SetAction(parse => Use(parse, store, client =>
        {
            var asCsv = parse.GetValue(csv);
            using var reader = client.Datasets.Service.Open(parse.GetValue(reference)!, parse.GetValue(where), parse.GetValue(limit) ?? (asCsv ? null : 20));
            DatasetText.Rows(Console.Out, reader, asCsv);
        }));
        dataset.Subcommands.Add(load);

        var showRef = new Argument<string>("version") { Description = "name, name@3, name@latest or name@<digest prefix>" };
        var show = new Command("show", "A version's schema and facts") { showRef };
        show.SetAction(parse => Use(parse, store, client => Print(parse, client.Datasets.Get(parse.GetValue(showRef)!), v =>
        {
            Console.WriteLine($"{v.Label}  {v.Digest}\n{v.Rows:N0} rows, committed {Text.Time(v.CreatedAt)} by {v.Author} from {v.Source}" + (v.Message is { } m ? $"\n{m}" : ""));
            TextTable.Write(Console.Out, ["column", "type"], v.Columns.Select(c => (IReadOnlyList<string>)[c.Name, c.Type]));
        })));
        dataset.Subcommands.Add(show);

        var first = new Argument<string>("from") { Description = "the older (reference) version" };
        var second = new Argument<string>("to") { Description = "the newer (current) version" };
        var diffKey = new Option<string?>("--key") { Description = "key columns (default: the dataset's key)" };
        var noKey = new Option<bool>("--no-key") { Description = "compare whole rows" };
        var diff = new Command("diff", "What changed between two versions") { first, second, diffKey, noKey };
        diff.SetAction(parse => Use(parse, store, client =>
        {
            IReadOnlyList<string>? k = parse.GetValue(noKey) ? [] : Columns(parse.GetValue(diffKey));
            Print(parse, client.Datasets.Diff(parse.GetValue(first)!, parse.GetValue(second)!, k), d => DatasetText.Diff(Console.Out, d));
        }));
        dataset.Subcommands.Add(diff);

        var profileRef = new Argument<string>("version") { Description = "name, name@3, name@latest or name@<digest prefix>" };
        var profile = new Command("profile", "Per-column statistics") { profileRef };
        profile.SetAction(parse => Use(parse, store, client => Print(parse, client.Datasets.Profile(parse.GetValue(profileRef)!), p => DatasetText.Profile(Console.Out, p))));
        dataset.Subcommands.Add(profile);

        var reference2 = new Argument<string>("reference") { Description = "the reference version" };
        var current = new Argument<string>("current") { Description = "the current version" };
        var drift = new Command("drift", "Per-column drift (PSI, KS) of one version against another") { reference2, current };
        drift.SetAction(parse => Use(parse, store, client => Print(parse, client.Datasets.Drift(parse.GetValue(reference2)!, parse.GetValue(current)!), d => DatasetText.Drift(Console.Out, d))));
        dataset.Subcommands.Add(drift);
        return dataset;
    }

    private static IReadOnlyList<string>? Columns(string? text) =>
        text?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Commit progress on stderr, one line per stage.</summary>
    private sealed class Progress(TextWriter output) : IProgress<DatasetProgress>
    {
        private string? _stage;

        public void Report(DatasetProgress value)
        {
            if (value.Stage == _stage) return;
            _stage = value.Stage;
            output.WriteLine($"  {value.Elapsed.TotalSeconds,5:0.0}s  {value.Stage}");
        }
    }
}

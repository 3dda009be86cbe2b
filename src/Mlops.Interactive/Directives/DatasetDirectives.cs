using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Directives;
using Microsoft.Data.Analysis;
using Mlops.Charts;
using static Mlops.Interactive.Directive;

namespace Mlops.Interactive;

/// <summary><c>#!dataset</c>: version data in the store. Each handler is a thin adapter over <see cref="MLOps.Datasets"/>.</summary>
internal static class DatasetDirectives
{
    public static KernelActionDirective Create() => new("#!dataset", "version data")
    {
        KernelCommandType = typeof(MlopsDatasetRoot),
        Subcommands =
        {
            Sub<MlopsDatasetCommit>("commit", "Commit a CSV/Parquet/JSON file or a DataFrame, IDataView or list variable as the next version.",
                "#!dataset commit houses --from data/houses.csv --key id --message \"first cut\"",
                Param("--name", "dataset name", positional: true, required: true),
                Param("--from", "C# variable or file path", required: true),
                Param("--key", "key columns, comma-separated: remembered, checked unique, used by diff"),
                Param("--message", "what changed and why"),
                Param("--rename", "columns renamed since the previous version: old=new,..."),
                new KernelDirectiveParameter("--rollback", "content equal to an earlier version becomes the latest again (without it, that earlier version is the answer and nothing is stored)") { Flag = true }),
            Sub<MlopsDatasetList>("list", "Datasets with their latest versions.", "#!dataset list"),
            Sub<MlopsDatasetLog>("log", "Versions: number, digest, rows, columns, +added -removed ~changed, message, author, time, runs.", "#!dataset log houses",
                Param("--name", "dataset name", positional: true, required: true),
                new KernelDirectiveParameter("--include-deleted", "show deleted and purged versions too") { Flag = true }),
            Sub<MlopsDatasetDelete>("delete", "Delete a version: it leaves logs and references until restored; gc removes the rows only it holds. " +
                                              "Refused while a run or model version that is not deleted used it, or a decision was re-scored on it.", "#!dataset delete houses@2",
                Param("--dataset", "the version: name@3", positional: true, required: true)),
            Sub<MlopsDatasetRestore>("restore", "Restore a deleted version (not one gc purged).", "#!dataset restore houses@2",
                Param("--dataset", "the version: name@3", positional: true, required: true)),
            Sub<MlopsDatasetShow>("show", "A version's schema and first rows.", "#!dataset show houses@2",
                Param("--dataset", "the version: name (latest), name@3, name@latest or name@<digest prefix>", positional: true, required: true),
                Param("--rows", "rows to show (default 10)")),
            Sub<MlopsDatasetLoad>("load", "Read a version into a DataFrame variable (an IDataView for ML.NET).", "#!dataset load houses@1 --into train --where \"price > 100\"",
                Param("--dataset", "the version: name (latest), name@3, name@latest or name@<digest prefix>", positional: true, required: true),
                Param("--into", "C# variable to receive the DataFrame", required: true),
                Param("--where", "filter on the columns: price > 100 and city in ('Oslo', 'Bergen'), like, is null, not, parentheses"),
                Param("--limit", "at most this many rows")),
            Sub<MlopsDatasetDiff>("diff", "What changed between two versions: rows added, removed and changed, cells per column, samples.",
                "#!dataset diff houses@1 houses@2 --key id",
                Param("--versions", "two versions of one dataset", positional: true),
                Param("--key", "key columns (default: the dataset's key)"),
                new KernelDirectiveParameter("--no-key", "compare whole rows even if the dataset has a key") { Flag = true },
                Param("--into", "C# variable to receive every changed row")).TakesPositionals(2),
            Sub<MlopsDatasetProfile>("profile", "Per column: type, nulls, distinct, min/max/mean/std, top values, histogram.", "#!dataset profile houses@2",
                Param("--dataset", "the version: name (latest), name@3, name@latest or name@<digest prefix>", positional: true, required: true),
                Param("--bins", "histogram bins (default 20)")),
            Sub<MlopsDatasetDrift>("drift", "Per-column drift: PSI for all columns, KS for numbers, flagged by threshold.", "#!dataset drift houses@1 houses@2",
                Param("--versions", "reference and current version of one dataset", positional: true)).TakesPositionals(2),
        },
    };

    /// <summary>A version's schema and first rows, as #!dataset show and a cell returning a DatasetVersion show it.</summary>
    public static string ShowVersion(DatasetVersion version, int rows = 10)
    {
        var sample = new List<IReadOnlyList<object?>>();
        using (var reader = MLOps.Datasets.Service.Open(version, limit: rows))
            while (reader.Read()) sample.Add(Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? null : reader.GetValue(i)).ToList());
        return DatasetViews.Show(version, MLOps.Datasets.Service.Key(version.Dataset), sample);
    }

    public static void Register(Kernel kernel, KernelActionDirective root)
    {
        HandleRoot<MlopsDatasetRoot>(kernel, root);
        Handle<MlopsDatasetCommit>(kernel, MlopsDirectives.Find(root, "commit"), (c, ctx) =>
        {
            var source = Source(ctx, c.From!);
            var key = c.Key is null ? null : List(c.Key);
            var renames = c.Rename is null ? null : KeyValueList.Parse(c.Rename, "--rename").ToDictionary();
            return DisplayProgress.Run(ctx, $"committing {c.Name}", progress =>
                DatasetViews.Committed(MLOps.Datasets.Service.Commit(c.Name!, source, key, c.Message, renames, MLOps.ActiveRun?.Id, progress, c.Rollback)));
        });
        Handle<MlopsDatasetList>(kernel, MlopsDirectives.Find(root, "list"), (_, ctx) => Show(ctx, DatasetViews.List(MLOps.Datasets.List())));
        Handle<MlopsDatasetLog>(kernel, MlopsDirectives.Find(root, "log"), (c, ctx) =>
            Show(ctx, DatasetViews.Log(MLOps.Datasets.Log(c.Name!, c.IncludeDeleted), MLOps.Datasets.Service.Key(c.Name!))));
        Handle<MlopsDatasetDelete>(kernel, MlopsDirectives.Find(root, "delete"), (c, ctx) =>
        {
            var version = MLOps.Datasets.Delete(c.Dataset!);
            return Show(ctx, Html.Wrap($"<p>Deleted <b>{Html.E(version.Label)}</b> <code>{version.ShortDigest}</code>. <code>#!dataset restore {Html.E(version.Label)}</code> " +
                                       "brings it back; <code>#!mlops gc</code> removes the rows only it holds after the retention.</p>"));
        });
        Handle<MlopsDatasetRestore>(kernel, MlopsDirectives.Find(root, "restore"), (c, ctx) =>
            Show(ctx, Html.Wrap($"<p>Restored <b>{Html.E(MLOps.Datasets.Restore(c.Dataset!).Label)}</b>.</p>")));
        Handle<MlopsDatasetShow>(kernel, MlopsDirectives.Find(root, "show"), (c, ctx) =>
            Show(ctx, ShowVersion(MLOps.Datasets.Get(c.Dataset!), Args.Positive(c.Rows, "--rows") ?? 10)));
        Handle<MlopsDatasetLoad>(kernel, MlopsDirectives.Find(root, "load"), async (c, ctx) =>
        {
            var into = Args.Variable(c.Into!, "--into");
            var version = MLOps.Datasets.Get(c.Dataset!);
            var frame = MLOps.Datasets.Load(version.Label, c.Where, Args.Positive(c.Limit, "--limit"));
            await KernelValues.SetAsync<DataFrame>(ctx, into, frame);
            var lineage = MLOps.ActiveRun is { } run ? $" Recorded as an input of run {Html.RunIdCell(run.Id)}." : "";
            ctx.DisplayAs(Html.Wrap($"<p>Loaded {frame.Rows.Count:N0} rows × {frame.Columns.Count} columns of <b>{Html.E(version.Label)}</b> <code>{version.ShortDigest}</code> into <code>{Html.E(into)}</code>.{lineage}</p>"), "text/html");
        });
        Handle<MlopsDatasetDiff>(kernel, MlopsDirectives.Find(root, "diff"), async (c, ctx) =>
        {
            var (from, to) = TwoVersions(c, MlopsDirectives.Find(root, "diff"), ctx, "#!dataset diff houses@1 houses@2");
            if (c.NoKey && c.Key is not null) throw new MlopsException(MlopsErrorKind.InvalidArgument, "give --key or --no-key, not both.");
            var key = c.NoKey ? [] : c.Key is null ? null : List(c.Key);
            if (c.Into is { } into)
                await KernelValues.SetAsync<DataFrame>(ctx, Args.Variable(into, "--into"), MLOps.Datasets.DiffFrame(from, to, key));
            ctx.DisplayAs(DatasetDiffView.Render(MLOps.Datasets.Diff(from, to, key), Charts.Context()), "text/html");
        });
        Handle<MlopsDatasetProfile>(kernel, MlopsDirectives.Find(root, "profile"), (c, ctx) =>
        {
            var bins = Args.Positive(c.Bins, "--bins") ?? 20;
            return Show(ctx, DatasetStatisticsViews.Profile(MLOps.Datasets.Profile(c.Dataset!, bins), Charts.Context()));
        });
        Handle<MlopsDatasetDrift>(kernel, MlopsDirectives.Find(root, "drift"), (c, ctx) =>
        {
            var (reference, current) = TwoVersions(c, MlopsDirectives.Find(root, "drift"), ctx, "#!dataset drift houses@1 houses@2");
            return Show(ctx, DatasetStatisticsViews.Drift(MLOps.Datasets.Drift(reference, current), Charts.Context()));
        });
    }

    private static List<string> List(string text) =>
        text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) is { Length: > 0 } items ? [.. items]
            : throw new MlopsException(MlopsErrorKind.InvalidArgument, $"'{text}' names no columns; give them comma-separated, e.g. --key id or --key store,day.");

    private static (string From, string To) TwoVersions(Microsoft.DotNet.Interactive.Commands.KernelCommand command, KernelActionDirective directive,
        KernelInvocationContext context, string example)
    {
        var values = DirectiveGuard.Positionals(command, directive).Select(v => Resolve(context, v)).ToList();
        return values.Count == 2 ? (values[0], values[1])
            : throw new MlopsException(MlopsErrorKind.InvalidArgument, $"give two versions of one dataset, e.g. {example} (got {values.Count}).");
    }

    // the host does not resolve value references when it binds no parameter; resolve @csharp:name here
    private static string Resolve(KernelInvocationContext context, string value) =>
        value.StartsWith("@csharp:", StringComparison.Ordinal) && KernelValues.TryGet(context, value["@csharp:".Length..], out var resolved)
            ? Convert.ToString(resolved, System.Globalization.CultureInfo.InvariantCulture) ?? ""
            : value;

    private static DatasetSource Source(KernelInvocationContext context, string from)
    {
        if (KernelValues.TryGet(context, from, out var value) && value is not null) return TableFrames.FromObject(value, from);
        if (File.Exists(from) || from.Contains('.') || from.Contains('/') || from.Contains('\\')) return FileSource.For(from);
        throw new MlopsException(MlopsErrorKind.NotFound,
            $"--from {from}: there is no C# variable '{from}' and no file '{Path.GetFullPath(from)}'. Give a DataFrame, IDataView or list variable, or a .csv/.parquet/.json path.");
    }
}

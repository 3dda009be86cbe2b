using System.Data.Common;

namespace Mlops;

/// <summary>
/// Dataset versioning over one store: checks names, keys and references, resolves <c>name@version</c>, stamps commits,
/// and records lineage for the run that commits or loads a version.
/// </summary>
/// <remarks><paramref name="pins"/>: versions a reference naming no version resolves to (a reproduction's); default: the
/// environment's (<see cref="DatasetPins"/>).</remarks>
public sealed class DatasetService(IDatasetStore store, TimeProvider time, IEnvironmentProbe environment, IReadOnlyDictionary<string, int>? pins = null)
{
    private readonly IReadOnlyDictionary<string, int> _pins = pins ?? DatasetPins.FromEnvironment();

    /// <summary>The store underneath (the lifecycle marks versions deleted through it).</summary>
    internal IDatasetStore Store => store;

    /// <summary>Rows of changed cells, added and removed rows shown by a diff.</summary>
    public const int DefaultSample = 20;

    /// <summary>Commits <paramref name="source"/> as the next version of <paramref name="dataset"/> (created by its first commit).</summary>
    /// <param name="dataset">The dataset name.</param>
    /// <param name="source">A file or rows.</param>
    /// <param name="key">Key columns; remembered, and checked unique. Null keeps the dataset's key.</param>
    /// <param name="message">What changed and why.</param>
    /// <param name="renames">Columns renamed since the previous version (old to new), so their values are not stored again.</param>
    /// <param name="run">The run committing it (lineage).</param>
    /// <param name="progress">Receives the stages and progress of a long commit.</param>
    /// <param name="rollback">
    /// Content equal to an existing version is that version, and nothing is stored: running a notebook or script again
    /// leaves the version log as the first run left it. With <paramref name="rollback"/>, content equal to an earlier
    /// version becomes a new latest version that restores it.
    /// </param>
    /// <exception cref="MlopsException">InvalidArgument for a bad name, key, rename or unreadable source, or a rollback
    /// whose content matches no earlier version; nothing is written.</exception>
    public DatasetCommitResult Commit(string dataset, DatasetSource source, IReadOnlyList<string>? key = null, string? message = null,
        IReadOnlyDictionary<string, string>? renames = null, RunId? run = null, IProgress<DatasetProgress>? progress = null, bool rollback = false)
    {
        var name = DatasetNames.Check(dataset);
        if (key is { Count: 0 }) key = null;
        if (key?.GroupBy(k => k).FirstOrDefault(g => g.Count() > 1) is { } repeated)
            throw MlopsException.Invalid($"key column '{repeated.Key}' is named twice; give each key column once.");
        if (message is { Length: > ParamValues.MaxValueLength })
            throw MlopsException.Invalid($"the commit message has {message.Length:N0} characters; at most {ParamValues.MaxValueLength:N0} are kept.");
        // rows from memory take back the exact types of the dataset's latest version where every value fits them
        if (source is RowsSource rows && store.GetVersions(name).FirstOrDefault() is { } latest)
            source = ColumnTypeFit.Adopt(rows, latest.Columns.ToDictionary(c => c.Name, c => c.Type));
        var commit = new DatasetCommit(name, source, key, renames ?? new Dictionary<string, string>(), message, environment.User(), run, time.GetUtcNow(), rollback);
        return store.Commit(commit, progress);
    }

    /// <summary>All datasets with their latest versions.</summary>
    public IReadOnlyList<DatasetSummary> List() => store.ListDatasets();

    /// <summary>Every version of a dataset, newest first, with change counts and the runs that used each.</summary>
    /// <exception cref="MlopsException">NotFound naming the datasets that exist.</exception>
    public IReadOnlyList<DatasetVersion> Log(string dataset) => Log(dataset, includeDeleted: false);

    /// <summary>Every version of a dataset, newest first; deleted and purged versions too with <paramref name="includeDeleted"/>.</summary>
    /// <exception cref="MlopsException">NotFound naming the datasets that exist, or saying every version is deleted.</exception>
    public IReadOnlyList<DatasetVersion> Log(string dataset, bool includeDeleted)
    {
        var name = DatasetNames.Check(dataset);
        return Shown(name, store.GetVersions(name, includeDeleted: true), includeDeleted);
    }

    // the versions a log shows, of every version stored (deleted and purged ones too)
    private IReadOnlyList<DatasetVersion> Shown(string name, IReadOnlyList<DatasetVersion> all, bool includeDeleted)
    {
        var versions = includeDeleted ? all : all.Where(v => v.DeletedAt is null).ToList();
        if (versions.Count > 0) return versions;
        if (all.Count > 0)
            throw MlopsException.NotFound($"every version of {name} is deleted ({Wording.Versions(all.Select(v => v.Number))}); restore one (#!dataset restore {name}@{all[0].Number}) or list them with --include-deleted.");
        throw NoSuchDataset(name);
    }

    /// <summary>The version a reference names, deleted or purged versions too (for delete and restore).</summary>
    /// <exception cref="MlopsException">InvalidArgument without a version number; NotFound for one the dataset never had.</exception>
    public DatasetVersion Find(string reference)
    {
        var parsed = DatasetNames.Parse(reference);
        if (parsed.Version.VersionNumber is not { } number)
            throw MlopsException.Invalid($"name the version by number, as {parsed.Dataset}@<version> (e.g. {parsed.Dataset}@2), not '{reference}'.");
        var all = store.GetVersions(parsed.Dataset, includeDeleted: true);
        if (all.Count == 0) throw NoSuchDataset(parsed.Dataset);
        return all.FirstOrDefault(v => v.Number == number)
               ?? throw MlopsException.NotFound($"{parsed.Dataset} has no version {number}; {Wording.Versions(all.Select(v => v.Number))}.");
    }

    /// <summary>Resolves <c>name</c>, <c>name@3</c>, <c>name@latest</c> or <c>name@&lt;digest prefix&gt;</c>.</summary>
    /// <exception cref="MlopsException">NotFound, or InvalidArgument for a malformed or ambiguous reference.</exception>
    public DatasetVersion Resolve(string reference) => Resolve(DatasetNames.Parse(reference));

    /// <summary>Resolves a parsed reference.</summary>
    public DatasetVersion Resolve(VersionRef reference)
    {
        var all = store.GetVersions(DatasetNames.Check(reference.Dataset), includeDeleted: true);
        var versions = Shown(reference.Dataset, all, includeDeleted: false);
        var selector = reference.Version;
        if (selector.VersionNumber is { } number)
        {
            if (versions.FirstOrDefault(v => v.Number == number) is { } numbered) return numbered;
            if (selector.DigestPrefix is null && Deleted(all, number) is { } deleted) throw deleted;
            if (selector.DigestPrefix is null)
                throw MlopsException.NotFound($"{reference.Dataset} has no version {number}; {Wording.Versions(versions.Select(v => v.Number))}.");
        }
        if (selector.DigestPrefix is { } prefix)
        {
            var matches = versions.Where(v => v.Digest.StartsWith(prefix, StringComparison.Ordinal)).ToList();
            if (matches.Count == 0)
            {
                // a digest recorded before the digest was redefined (schema 5) still names its version
                var former = store.GetFormerDigests(reference.Dataset).Where(f => f.Digest.StartsWith(prefix, StringComparison.Ordinal)).Select(f => f.Version).ToHashSet();
                matches = versions.Where(v => former.Contains(v.Number)).ToList();
            }
            return matches.Count switch
            {
                1 => matches[0],
                0 => throw MlopsException.NotFound(selector.VersionNumber is { } n
                    ? $"{reference.Dataset} has no version {n} and no version whose digest starts with '{prefix}'; {Wording.Versions(versions.Select(v => v.Number))}."
                    : $"no version of {reference.Dataset} has a digest starting with '{prefix}'."),
                _ => throw MlopsException.Invalid($"'{prefix}' matches versions {string.Join(", ", matches.Select(m => m.Number))} of {reference.Dataset}; give more digits."),
            };
        }
        if (_pins.TryGetValue(reference.Dataset, out var pinned))
            return versions.FirstOrDefault(v => v.Number == pinned)
                   ?? throw Deleted(all, pinned) ?? MlopsException.NotFound($"{reference.Dataset} is pinned to version {pinned} ({DatasetPins.Variable}), which it does not have; {Wording.Versions(versions.Select(v => v.Number))}.");
        return versions[0];
    }

    /// <summary>The dataset's remembered key (empty when none).</summary>
    public IReadOnlyList<string> Key(string dataset) => store.GetKey(DatasetNames.Check(dataset));

    /// <summary>
    /// Reads a version, optionally filtered by a condition on its columns in the filter language
    /// (<see cref="DatasetQueryParser"/>) and limited; records the load for <paramref name="run"/>.
    /// </summary>
    public DbDataReader Open(string reference, string? where = null, int? limit = null, RunId? run = null) =>
        Open(Resolve(reference), where, limit, run);

    /// <summary>Reads a version already resolved, as <see cref="Open(string, string?, int?, RunId?)"/> does.</summary>
    public DbDataReader Open(DatasetVersion version, string? where = null, int? limit = null, RunId? run = null)
    {
        var filter = where is null ? null : DatasetQueryParser.ParseFilter(where, version);
        if (limit is < 1) throw MlopsException.Invalid($"--limit must be at least 1 (got {limit}).");
        if (run is { } r) store.RecordUse(r, version, DatasetUse.Loaded, time.GetUtcNow());
        return store.OpenVersion(version, filter, limit);
    }

    /// <summary>Reads whole columns of a version already resolved, converted to the types a model reads.</summary>
    /// <exception cref="MlopsException">InvalidArgument for a missing column or values that do not convert.</exception>
    public ColumnArrays ReadColumns(DatasetVersion version, IReadOnlyList<SchemaColumn> columns) => store.ReadColumns(version, columns);

    /// <summary>Starts reading whole columns of a version already resolved; they fill as rows arrive (see <see cref="IDatasetStore.OpenColumns"/>).</summary>
    public ColumnStream OpenColumns(DatasetVersion version, IReadOnlyList<SchemaColumn> columns) => store.OpenColumns(version, columns);

    /// <summary>Diffs two versions of one dataset, keyed on <paramref name="key"/> (default: the dataset's key; empty list: unkeyed).</summary>
    public DatasetDiff Diff(string from, string to, IReadOnlyList<string>? key = null, int sample = DefaultSample)
    {
        var (a, b, k) = DiffArguments(from, to, key);
        return store.Diff(a, b, k, sample);
    }

    /// <summary>Every changed row between two versions, with a <c>_change</c> column.</summary>
    public DbDataReader OpenDiff(string from, string to, IReadOnlyList<string>? key = null)
    {
        var (a, b, k) = DiffArguments(from, to, key);
        return store.OpenDiff(a, b, k);
    }

    /// <summary>Per-column statistics of a version.</summary>
    public DatasetProfile Profile(string reference, int bins = 20) =>
        bins is >= 2 and <= 200 ? store.Profile(Resolve(reference), bins) : throw MlopsException.Invalid($"bins must be between 2 and 200 (got {bins}).");

    /// <summary>Per-column drift of <paramref name="current"/> against <paramref name="reference"/>.</summary>
    public DatasetDrift Drift(string reference, string current, DriftThresholds? thresholds = null)
    {
        var (a, b, _) = DiffArguments(reference, current, []);
        return store.Drift(a, b, thresholds ?? new DriftThresholds());
    }

    /// <summary>The dataset versions a run committed or loaded.</summary>
    public IReadOnlyList<RunInput> InputsOf(RunId run) => store.GetRunInputs(run);

    private (DatasetVersion From, DatasetVersion To, IReadOnlyList<string> Key) DiffArguments(string from, string to, IReadOnlyList<string>? key)
    {
        var a = DatasetNames.Parse(from);
        var b = DatasetNames.Parse(to);
        if (a.Dataset != b.Dataset)
            throw MlopsException.Invalid($"{from} and {to} are versions of different datasets; compare two versions of one dataset, e.g. {a.Dataset}@1 {a.Dataset}@2.");
        return (Resolve(a), Resolve(b), key ?? store.GetKey(a.Dataset));
    }

    private static MlopsException? Deleted(IReadOnlyList<DatasetVersion> all, int number) =>
        all.FirstOrDefault(v => v.Number == number) switch
        {
            { PurgedAt: { } purged } v => MlopsException.NotFound($"{v.Label} was deleted and purged by gc at {purged:yyyy-MM-dd HH:mm}Z; its rows are gone (its digest {v.ShortDigest} is kept in the log, --include-deleted)."),
            { DeletedAt: { } at } v => MlopsException.NotFound($"{v.Label} was deleted at {at:yyyy-MM-dd HH:mm}Z; restore it first (#!dataset restore {v.Label}, mlops dataset restore {v.Label})."),
            _ => null,
        };

    private MlopsException NoSuchDataset(string dataset)
    {
        var known = store.ListDatasets().Select(d => d.Name).ToList();
        return MlopsException.NotFound($"dataset '{dataset}' does not exist. Known: {(known.Count == 0 ? "none yet; commit one with #!dataset commit" : string.Join(", ", known))}.");
    }
}

namespace Mlops;

/// <summary>One immutable version of a dataset, with its change counts against the previous one and the runs that used it.</summary>
/// <param name="Dataset">The dataset name.</param>
/// <param name="Number">The version number, from 1.</param>
/// <param name="Digest">sha256 (hex) over the schema and the multiset of rows: the same content is the same digest.</param>
/// <param name="Columns">The version's schema.</param>
/// <param name="Rows">Row count.</param>
/// <param name="Added">Rows added since the previous version (as a multiset).</param>
/// <param name="Removed">Rows removed since the previous version.</param>
/// <param name="Changed">Rows changed since the previous version, when the dataset has a key; else null.</param>
/// <param name="Message">The commit message.</param>
/// <param name="Author">Who committed it.</param>
/// <param name="CreatedAt">When.</param>
/// <param name="Source">What it was committed from.</param>
/// <param name="Runs">Runs that committed or loaded this version.</param>
public sealed record DatasetVersion(
    string Dataset,
    int Number,
    string Digest,
    IReadOnlyList<TableColumn> Columns,
    long Rows,
    long Added,
    long Removed,
    long? Changed,
    string? Message,
    string Author,
    DateTimeOffset CreatedAt,
    string Source,
    IReadOnlyList<RunId> Runs)
{
    /// <summary>
    /// The dataset's key when this version was committed, which its change counts were taken by (empty: none); null for
    /// a version committed before stores recorded it (schema 8 embedded, 5 on the team store).
    /// </summary>
    public IReadOnlyList<string>? Key { get; init; }

    /// <summary>When the version was deleted (hidden from logs and references until restored or purged); null while it is not.</summary>
    public DateTimeOffset? DeletedAt { get; init; }

    /// <summary>When gc purged the version's rows (its number, digest and counts stay in the catalog, never reused); null while it is not.</summary>
    public DateTimeOffset? PurgedAt { get; init; }

    /// <summary>The first 12 digits of the digest.</summary>
    public string ShortDigest => Digest[..12];

    /// <summary><c>name@number</c>.</summary>
    public string Label => $"{Dataset}@{Number}";
}

/// <summary>A dataset with its key and newest version.</summary>
public sealed record DatasetSummary(string Name, IReadOnlyList<string> Key, DateTimeOffset CreatedAt, int Versions, DatasetVersion Latest);

/// <summary>
/// What a commit did: the version the content is at, and whether it was new. Content equal to any existing version
/// is that version and stores nothing, so running a notebook or script again leaves the version log as it was.
/// </summary>
/// <param name="Version">The version holding the content.</param>
/// <param name="Unchanged">True when nothing was stored.</param>
/// <param name="Latest">When the content matched an earlier version: the dataset's latest version, which it still is.</param>
/// <param name="Restores">For a rollback: the earlier version whose content the new version restores.</param>
public sealed record DatasetCommitResult(DatasetVersion Version, bool Unchanged, int? Latest = null, int? Restores = null)
{
    /// <summary>Whether the content is an earlier version than the latest (nothing stored; a rollback would make it the latest).</summary>
    public bool IsEarlierVersion => Unchanged && Latest is not null;
}

/// <summary>A dataset version a run used.</summary>
public sealed record RunInput(string Dataset, int Version, string Digest, DatasetUse Use, DateTimeOffset At);

/// <summary>How a run used a dataset version.</summary>
public enum DatasetUse
{
    /// <summary>The run committed it.</summary>
    Committed,
    /// <summary>The run loaded it.</summary>
    Loaded,
}

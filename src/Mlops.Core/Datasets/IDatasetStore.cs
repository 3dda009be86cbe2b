using System.Data.Common;

namespace Mlops;

/// <summary>
/// Where dataset versions live. A version is immutable; a commit is one transaction (it leaves a whole version or
/// nothing). Readers hold the store until disposed.
/// </summary>
public interface IDatasetStore
{
    /// <summary>Commits the source as a new version, or reports the latest version when the content is unchanged.</summary>
    DatasetCommitResult Commit(DatasetCommit commit, IProgress<DatasetProgress>? progress = null);

    /// <summary>
    /// All datasets with a version that is not deleted, by name (counts and latest version over those); with
    /// <paramref name="includeDeleted"/>, every dataset, counting and showing every version.
    /// </summary>
    IReadOnlyList<DatasetSummary> ListDatasets(bool includeDeleted = false);

    /// <summary>
    /// Every version of a dataset, newest first, with the runs that used each; empty when there is no such dataset.
    /// Deleted versions (and purged ones, whose rows are gone) only with <paramref name="includeDeleted"/>.
    /// </summary>
    IReadOnlyList<DatasetVersion> GetVersions(string dataset, bool includeDeleted = false);

    /// <summary>
    /// Marks a version deleted at <paramref name="at"/>, or restores it (null). A deleted version leaves logs, lists and
    /// references; its rows stay until gc purges them. Content equal to it committed again is a new version.
    /// </summary>
    /// <returns>False when it was already in that state, or purged.</returns>
    bool SetVersionDeleted(DatasetVersion version, DateTimeOffset? at);

    /// <summary>
    /// Records, as the dataset's next version, a version whose rows gc purged in another store (its number, digest,
    /// schema, counts and dates, purged), so a whole-store copy keeps every version number. It is recorded as not yet
    /// deleted: the copy replays its deletion (<see cref="SetVersionDeleted"/>) when the source made it, between commits.
    /// </summary>
    /// <exception cref="MlopsException">InvalidArgument when the version is not purged or is not the dataset's next number.</exception>
    void AddPurgedVersion(DatasetVersion version);

    /// <summary>Digests versions of the dataset had before a migration redefined the digest, with the version each named.</summary>
    IReadOnlyList<(int Version, string Digest)> GetFormerDigests(string dataset);

    /// <summary>The dataset's key columns (empty when it has none).</summary>
    IReadOnlyList<string> GetKey(string dataset);

    /// <summary>
    /// The declared renames between two versions of one dataset, old name to new: the columns of <paramref name="to"/>
    /// that keep the values of a column <paramref name="from"/> had under another name.
    /// </summary>
    IReadOnlyDictionary<string, string> GetRenames(DatasetVersion from, DatasetVersion to);

    /// <summary>
    /// Reads a version's rows, optionally filtered (a parsed <see cref="DatasetQueryParser"/> filter, which the engine
    /// compiles to parameters) and limited, holding the store until disposed.
    /// </summary>
    DbDataReader OpenVersion(DatasetVersion version, FilterNode? where = null, int? limit = null);

    /// <summary>
    /// Reads whole columns of a version into arrays of the types <paramref name="columns"/> name (see
    /// <see cref="ColumnArrays"/>), releasing the store before it returns.
    /// </summary>
    /// <exception cref="MlopsException">InvalidArgument for a column the version lacks, a type datasets do not give, or
    /// values that do not convert (text read as a number, a number out of the type's range).</exception>
    ColumnArrays ReadColumns(DatasetVersion version, IReadOnlyList<SchemaColumn> columns);

    /// <summary>
    /// Starts reading whole columns of a version, as <see cref="ReadColumns"/> converts them, and returns at once: the
    /// stream fills as rows arrive, in the order the engine sends them. For what is computed over all rows (a gate's
    /// metrics), so that it can start before the last row is in.
    /// </summary>
    /// <exception cref="MlopsException">InvalidArgument at once for a column the version lacks or a type datasets do not
    /// give; values that do not convert fail the stream (its waits throw).</exception>
    ColumnStream OpenColumns(DatasetVersion version, IReadOnlyList<SchemaColumn> columns);

    /// <summary>Summary, per-column counts and samples of what changed between two versions of one dataset.</summary>
    DatasetDiff Diff(DatasetVersion from, DatasetVersion to, IReadOnlyList<string> key, int sampleSize);

    /// <summary>Every changed row between two versions, as rows with an <c>_change</c> column, holding the store until disposed.</summary>
    DbDataReader OpenDiff(DatasetVersion from, DatasetVersion to, IReadOnlyList<string> key);

    /// <summary>Per-column statistics of a version, computed in the store.</summary>
    DatasetProfile Profile(DatasetVersion version, int bins);

    /// <summary>Per-column drift of one version against another, computed in the store.</summary>
    DatasetDrift Drift(DatasetVersion reference, DatasetVersion current, DriftThresholds thresholds);

    /// <summary>Records that a run used a version (lineage).</summary>
    void RecordUse(RunId run, DatasetVersion version, DatasetUse use, DateTimeOffset at);

    /// <summary>The dataset versions a run used.</summary>
    IReadOnlyList<RunInput> GetRunInputs(RunId run);
}

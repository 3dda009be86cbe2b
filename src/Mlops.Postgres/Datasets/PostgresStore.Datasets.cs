using System.Data.Common;

namespace Mlops.Postgres;

/// <summary>
/// Dataset versioning is not on the team store yet: a store on PostgreSQL holds no dataset, so every read answers
/// truthfully that there is none, and a commit is refused with a message that says where datasets can be versioned
/// today (a folder store). Nothing is half-written.
/// </summary>
public sealed partial class PostgresStore : IDatasetStore
{
    private MlopsException DatasetsNotHere() => new(MlopsErrorKind.InvalidState,
        $"dataset versioning is not available on the team store ({Location}) in this version: runs, metrics, artifacts and the model " +
        "registry are. Commit and load datasets in a folder store (#!mlops use <folder>, --store <folder>) for now; nothing was written.");

    /// <inheritdoc/>
    public DatasetCommitResult Commit(DatasetCommit commit, IProgress<DatasetProgress>? progress = null) => throw DatasetsNotHere();

    /// <inheritdoc/>
    public IReadOnlyList<DatasetSummary> ListDatasets() => [];

    /// <inheritdoc/>
    public IReadOnlyList<DatasetVersion> GetVersions(string dataset) => [];

    /// <inheritdoc/>
    public IReadOnlyList<(int Version, string Digest)> GetFormerDigests(string dataset) => [];

    /// <inheritdoc/>
    public IReadOnlyList<string> GetKey(string dataset) => [];

    /// <inheritdoc/>
    public DbDataReader OpenVersion(DatasetVersion version, FilterNode? where = null, int? limit = null) => throw DatasetsNotHere();

    /// <inheritdoc/>
    public ColumnArrays ReadColumns(DatasetVersion version, IReadOnlyList<SchemaColumn> columns) => throw DatasetsNotHere();

    /// <inheritdoc/>
    public DatasetDiff Diff(DatasetVersion from, DatasetVersion to, IReadOnlyList<string> key, int sampleSize) => throw DatasetsNotHere();

    /// <inheritdoc/>
    public DbDataReader OpenDiff(DatasetVersion from, DatasetVersion to, IReadOnlyList<string> key) => throw DatasetsNotHere();

    /// <inheritdoc/>
    public DatasetProfile Profile(DatasetVersion version, int bins) => throw DatasetsNotHere();

    /// <inheritdoc/>
    public DatasetDrift Drift(DatasetVersion reference, DatasetVersion current, DriftThresholds thresholds) => throw DatasetsNotHere();

    /// <inheritdoc/>
    public void RecordUse(RunId run, DatasetVersion version, DatasetUse use, DateTimeOffset at) => throw DatasetsNotHere();

    /// <inheritdoc/>
    public IReadOnlyList<RunInput> GetRunInputs(RunId run) => [];
}

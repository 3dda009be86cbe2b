using Microsoft.Data.Analysis;
using Microsoft.ML;

namespace Mlops;

/// <summary>
/// Dataset versioning for C#: commit files, DataFrames, IDataViews or records; read versions back as DataFrames
/// (which ML.NET takes as IDataView); diff, profile and check drift. A run (the active run, from MLOps) is recorded as
/// the user of every version it commits or loads.
/// </summary>
public sealed class DatasetClient
{
    private readonly Func<RunId?> _currentRun;
    private readonly LifecycleService _lifecycle;

    internal DatasetClient(DatasetService service, LifecycleService lifecycle, Func<RunId?> currentRun)
    {
        Service = service;
        _lifecycle = lifecycle;
        _currentRun = currentRun;
    }

    /// <summary>The service underneath, for sources and readers of your own.</summary>
    public DatasetService Service { get; }

    /// <summary>
    /// Commits a CSV, TSV, Parquet or JSON file as the next version. Content equal to an existing version is that
    /// version (nothing is stored); <paramref name="rollback"/> makes content equal to an earlier version the latest again.
    /// </summary>
    public DatasetCommitResult Commit(string dataset, string path, IReadOnlyList<string>? key = null, string? message = null,
        IReadOnlyDictionary<string, string>? renames = null, IProgress<DatasetProgress>? progress = null, bool rollback = false) =>
        Service.Commit(dataset, FileSource.For(path), key, message, renames, _currentRun(), progress, rollback);

    /// <summary>Commits a DataFrame as the next version (see the file overload for unchanged content and rollback).</summary>
    public DatasetCommitResult Commit(string dataset, DataFrame frame, IReadOnlyList<string>? key = null, string? message = null,
        IReadOnlyDictionary<string, string>? renames = null, IProgress<DatasetProgress>? progress = null, bool rollback = false) =>
        Service.Commit(dataset, TableFrames.ToSource(frame, "DataFrame"), key, message, renames, _currentRun(), progress, rollback);

    /// <summary>Commits an ML.NET IDataView as the next version.</summary>
    public DatasetCommitResult Commit(string dataset, IDataView view, IReadOnlyList<string>? key = null, string? message = null,
        IReadOnlyDictionary<string, string>? renames = null, IProgress<DatasetProgress>? progress = null, bool rollback = false) =>
        Commit(dataset, view as DataFrame ?? Microsoft.ML.IDataViewExtensions.ToDataFrame(view, -1L), key, message, renames, progress, rollback);

    /// <summary>Commits records (one column per public property) as the next version.</summary>
    public DatasetCommitResult Commit<T>(string dataset, IEnumerable<T> records, IReadOnlyList<string>? key = null, string? message = null,
        IReadOnlyDictionary<string, string>? renames = null, IProgress<DatasetProgress>? progress = null, bool rollback = false) =>
        Service.Commit(dataset, TableFrames.ToSource(records, typeof(T).Name), key, message, renames, _currentRun(), progress, rollback);

    /// <summary>Reads a version (<c>name</c>, <c>name@3</c>, <c>name@latest</c>, <c>name@a1b2c3</c>) into a DataFrame, optionally filtered and limited.</summary>
    public DataFrame Load(string reference, string? where = null, int? limit = null)
    {
        var version = Service.Resolve(reference);
        // the frame remembers the version's exact column types, so committing it unchanged is "unchanged"
        return TableFrames.Remember(TableFrames.ToDataFrame(Service.Open(version, where, limit, _currentRun())), version.Columns);
    }

    /// <summary>Reads a version as an ML.NET IDataView, ready for training.</summary>
    public IDataView LoadDataView(string reference, string? where = null, int? limit = null) => Load(reference, where, limit);

    /// <summary>All datasets.</summary>
    public IReadOnlyList<DatasetSummary> List() => Service.List();

    /// <summary>Every version of a dataset, newest first.</summary>
    public IReadOnlyList<DatasetVersion> Log(string dataset) => Service.Log(dataset);

    /// <summary>Every version of a dataset, newest first, deleted and purged ones too.</summary>
    public IReadOnlyList<DatasetVersion> Log(string dataset, bool includeDeleted) => Service.Log(dataset, includeDeleted);

    /// <summary>
    /// Deletes a version (<c>name@3</c>); refused, naming what holds it, while a run or model version that is not
    /// deleted used it, or a decision was re-scored on it. See <see cref="LifecycleService.DeleteDatasetVersion"/>.
    /// </summary>
    public DatasetVersion Delete(string reference) => _lifecycle.DeleteDatasetVersion(reference);

    /// <summary>Restores a deleted version, unless gc purged it.</summary>
    public DatasetVersion Restore(string reference) => _lifecycle.RestoreDatasetVersion(reference);

    /// <summary>Resolves a version reference.</summary>
    public DatasetVersion Get(string reference) => Service.Resolve(reference);

    /// <summary>What changed between two versions (default key: the dataset's; pass an empty list for whole rows).</summary>
    public DatasetDiff Diff(string from, string to, IReadOnlyList<string>? key = null) => Service.Diff(from, to, key);

    /// <summary>Every changed row between two versions as a DataFrame with a <c>_change</c> column.</summary>
    public DataFrame DiffFrame(string from, string to, IReadOnlyList<string>? key = null) => TableFrames.ToDataFrame(Service.OpenDiff(from, to, key));

    /// <summary>Per-column statistics of a version.</summary>
    public DatasetProfile Profile(string reference, int bins = 20) => Service.Profile(reference, bins);

    /// <summary>Per-column drift of <paramref name="current"/> against <paramref name="reference"/>.</summary>
    public DatasetDrift Drift(string reference, string current, DriftThresholds? thresholds = null) => Service.Drift(reference, current, thresholds);
}

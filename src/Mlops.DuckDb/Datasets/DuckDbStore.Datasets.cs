using System.Data.Common;
using DuckDB.NET.Data;

namespace Mlops.DuckDb;

public sealed partial class DuckDbStore : IDatasetStore
{
    /// <summary>Called at named points inside a commit's transaction; tests throw from it to prove a failed commit leaves nothing.</summary>
    internal Action<string>? CommitFault { get; set; }

    /// <inheritdoc/>
    public DatasetCommitResult Commit(DatasetCommit commit, IProgress<DatasetProgress>? progress = null) => Use(c =>
    {
        if (progress is not null) c.Execute("SET enable_progress_bar = true; SET enable_progress_bar_print = false");
        return new DatasetCommitter(c, commit, new ProgressPoller(c, progress), CommitFault).Run();
    });

    /// <inheritdoc/>
    public IReadOnlyList<DatasetSummary> ListDatasets() => Use(c => DatasetCatalog.All(c)
        .Select(d => (Dataset: d, Versions: DatasetCatalog.Versions(c, d)))
        .Where(x => x.Versions.Count > 0)
        .Select(x => new DatasetSummary(x.Dataset.Name, x.Dataset.Key, x.Dataset.CreatedAt, x.Versions.Count, x.Versions[0].Version))
        .ToList());

    /// <inheritdoc/>
    public IReadOnlyList<DatasetVersion> GetVersions(string dataset) => Use(c =>
        DatasetCatalog.Find(c, dataset) is { } record ? DatasetCatalog.Versions(c, record).Select(v => v.Version).ToList() : []);

    /// <inheritdoc/>
    public IReadOnlyList<(int Version, string Digest)> GetFormerDigests(string dataset) => Use(c => c.Query("""
        SELECT f.version, f.digest FROM dataset_former_digests f JOIN datasets d USING (dataset_id) WHERE d.name = $1 ORDER BY f.version
        """, r => (r.GetInt32(0), r.GetString(1)), dataset));

    /// <inheritdoc/>
    public IReadOnlyList<string> GetKey(string dataset) => Use(c => DatasetCatalog.Find(c, dataset)?.Key ?? []);

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, string> GetRenames(DatasetVersion from, DatasetVersion to) => Use(c =>
        DatasetRenames.Between(DatasetCatalog.Stored(c, from).Columns.Select(col => (col.Name, col.Physical)), DatasetCatalog.Stored(c, to).Columns.Select(col => (col.Name, col.Physical))));

    /// <inheritdoc/>
    public DbDataReader OpenVersion(DatasetVersion version, FilterNode? where = null, int? limit = null)
    {
        var args = new List<object?>();
        return OpenReader(c =>
            {
                var stored = DatasetCatalog.Stored(c, version);
                var condition = where is null ? null : new DatasetFilterSql(stored, args).Where(where);
                return DatasetSql.Select(stored, condition is null ? null : $"coalesce({condition}, FALSE)") + (limit is { } n ? $" LIMIT {n}" : "");
            },
            e => $"could not read {version.Label}: {e.Message.Split('\n')[0]}", args);
    }

    /// <inheritdoc/>
    public ColumnArrays ReadColumns(DatasetVersion version, IReadOnlyList<SchemaColumn> columns) =>
        Use(c => ColumnArrayReader.Read(c, DatasetCatalog.Stored(c, version), columns));

    /// <inheritdoc/>
    public DatasetDiff Diff(DatasetVersion from, DatasetVersion to, IReadOnlyList<string> key, int sampleSize) =>
        Use(c => new DatasetDiffer(c, DatasetCatalog.Stored(c, from), DatasetCatalog.Stored(c, to), key).Run(sampleSize));

    /// <inheritdoc/>
    public DbDataReader OpenDiff(DatasetVersion from, DatasetVersion to, IReadOnlyList<string> key) =>
        OpenReader(c => new DatasetDiffer(c, DatasetCatalog.Stored(c, from), DatasetCatalog.Stored(c, to), key).AllChangesSql(),
            e => $"could not diff {from.Label} and {to.Label}: {e.Message.Split('\n')[0]}");

    /// <inheritdoc/>
    public DatasetProfile Profile(DatasetVersion version, int bins) => Use(c => DatasetProfiler.Run(c, DatasetCatalog.Stored(c, version), bins));

    /// <inheritdoc/>
    public DatasetDrift Drift(DatasetVersion reference, DatasetVersion current, DriftThresholds thresholds) =>
        Use(c => DatasetDrifter.Run(c, DatasetCatalog.Stored(c, reference), DatasetCatalog.Stored(c, current), thresholds));

    /// <inheritdoc/>
    public void RecordUse(RunId run, DatasetVersion version, DatasetUse use, DateTimeOffset at) => Use(c =>
    {
        var dataset = DatasetCatalog.Find(c, version.Dataset) ?? throw new MlopsException(MlopsErrorKind.NotFound, $"dataset '{version.Dataset}' does not exist.");
        DatasetCatalog.RecordUse(c, run, dataset.Id, version.Number, use, at);
    });

    /// <inheritdoc/>
    public IReadOnlyList<RunInput> GetRunInputs(RunId run) => Use(c => c.Query("""
        SELECT d.name, i.version, v.digest, i.kind, min(i.used_at) FROM run_inputs i
        JOIN datasets d USING (dataset_id) JOIN dataset_versions v USING (dataset_id, version)
        WHERE i.run_id = $1 GROUP BY ALL ORDER BY min(i.used_at), d.name
        """, r => new RunInput(r.GetString(0), r.GetInt32(1), r.GetString(2), Enum.Parse<DatasetUse>(r.GetString(3), ignoreCase: true), r.Utc(4)), run));

    private OwningReader OpenReader(Func<DuckDBConnection, string> sql, Func<DuckDBException, string> describe, List<object?>? args = null)
    {
        var lease = _file.Hold(_options.LockTimeout);
        DuckDBCommand? command = null;
        try
        {
            command = lease.Connection.CreateCommand();
            command.CommandText = sql(lease.Connection);
            foreach (var arg in args ?? []) command.Parameters.Add(new DuckDBParameter(arg ?? DBNull.Value));
            return new OwningReader(command.ExecuteReader(), command, lease);
        }
        catch (DuckDBException e)
        {
            command?.Dispose();
            lease.Dispose();
            throw new MlopsException(MlopsErrorKind.InvalidArgument, describe(e), e);
        }
        catch
        {
            command?.Dispose();
            lease.Dispose();
            throw;
        }
    }
}

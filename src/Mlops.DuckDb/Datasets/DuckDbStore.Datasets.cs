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
    public IReadOnlyList<DatasetSummary> ListDatasets(bool includeDeleted = false) => Use(c => DatasetCatalog.All(c)
        .Select(d => (Dataset: d, Versions: DatasetCatalog.Versions(c, d).Where(v => includeDeleted || v.Version.DeletedAt is null).ToList()))
        .Where(x => x.Versions.Count > 0)
        .Select(x => new DatasetSummary(x.Dataset.Name, x.Dataset.Key, x.Dataset.CreatedAt, x.Versions.Count, x.Versions[0].Version))
        .ToList());

    /// <inheritdoc/>
    public IReadOnlyList<DatasetVersion> GetVersions(string dataset, bool includeDeleted = false) => Use(c =>
        DatasetCatalog.Find(c, dataset) is { } record
            ? DatasetCatalog.Versions(c, record).Select(v => v.Version).Where(v => includeDeleted || v.DeletedAt is null).ToList()
            : []);

    /// <inheritdoc/>
    public bool SetVersionDeleted(DatasetVersion version, DateTimeOffset? at) => Use(c => c.InTransaction(() =>
    {
        var dataset = DatasetCatalog.Find(c, version.Dataset) ?? throw new MlopsException(MlopsErrorKind.NotFound, $"dataset '{version.Dataset}' does not exist.");
        var changed = c.Query($"""
            UPDATE dataset_versions SET deleted_at = $3 WHERE dataset_id = $1 AND version = $2 AND {(at is null ? "deleted_at IS NOT NULL AND purged_at IS NULL" : "deleted_at IS NULL")}
            RETURNING version
            """, r => r.GetInt32(0), dataset.Id, version.Number, at?.UtcDateTime).Count > 0;
        if (changed) DatasetViewsSql.Refresh(c, dataset);
        return changed;
    }));

    /// <inheritdoc/>
    public void AddPurgedVersion(DatasetVersion version) => Use(c => c.InTransaction(() =>
    {
        if (version is not { DeletedAt: not null, PurgedAt: { } purged })
            throw new MlopsException(MlopsErrorKind.InvalidArgument, $"{version.Label} is not purged; commit its rows instead.");
        var dataset = DatasetCatalog.Find(c, version.Dataset) ?? DatasetCatalog.Create(c, version.Dataset, [], version.CreatedAt);
        var latest = DatasetCatalog.Versions(c, dataset).FirstOrDefault();
        if ((latest?.Number ?? 0) + 1 != version.Number)
            throw new MlopsException(MlopsErrorKind.InvalidArgument, $"{version.Label} cannot follow version {latest?.Number ?? 0} of {version.Dataset}; versions are added in order.");
        // its columns where the history table has them; none hold rows, and the next version maps onto the others afresh
        var columns = version.Columns.Select(col => new StoredColumn(col.Name, col.Type, latest?.Column(col.Name) is { } p && p.Type == col.Type ? p.Physical : "")).ToArray();
        c.Execute("""
            INSERT INTO dataset_versions (dataset_id, version, digest, schema, row_count, added, removed, changed, message, author, created_at, source, source_fingerprint, deleted_at, purged_at, key_columns)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, NULL, NULL, $13, $14)
            """, dataset.Id, version.Number, version.Digest, System.Text.Json.JsonSerializer.Serialize(columns, StoreJson.Default.StoredColumnArray), version.Rows,
            version.Added, version.Removed, version.Changed, version.Message, version.Author, version.CreatedAt.UtcDateTime, version.Source, purged.UtcDateTime,
            version.Key is null ? null : System.Text.Json.JsonSerializer.Serialize(version.Key.ToArray(), StoreJson.Default.StringArray));
    }));

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
    /// <remarks>Read whole before it returns: a local file is read faster than anything could score it.</remarks>
    public ColumnStream OpenColumns(DatasetVersion version, IReadOnlyList<SchemaColumn> columns) => ColumnStream.Completed(ReadColumns(version, columns));

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

using System.Data.Common;

namespace Mlops.Postgres;

/// <summary>
/// Dataset versions on the team store: files are parsed and rows hashed in the client (<see cref="ITableParser"/>), rows
/// are kept on the server with the interval design (storage grows with changed rows), and the catalog, versions and
/// lineage are queried there. Reading a version streams its rows from the server (<see cref="ReadRows"/>); loading,
/// diff, profile and drift are done on those rows by the client's analysis engine (see the client's team dataset store).
/// </summary>
public sealed partial class PostgresStore : IDatasetStore
{
    /// <inheritdoc/>
    public DatasetCommitResult Commit(DatasetCommit commit, IProgress<DatasetProgress>? progress = null)
    {
        if (_parser is null)
            throw new MlopsException(MlopsErrorKind.InvalidState, "this team store was opened without a table parser, so it cannot commit datasets; open it through MlopsClient.");
        using var connection = _db.Open();
        try
        {
            return new PgDatasetCommitter(connection, _parser, commit, progress).Run();
        }
        catch (Exception e) when (PgErrors.Translate(e, _db.Location) is var translated && !ReferenceEquals(translated, e))
        {
            throw translated;
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<DatasetSummary> ListDatasets(bool includeDeleted = false) => _db.Use(c => PgDatasetCatalog.All(c)
        .Select(d => (Dataset: d, Versions: PgDatasetCatalog.Versions(c, d).Where(v => includeDeleted || v.Version.DeletedAt is null).ToList()))
        .Where(x => x.Versions.Count > 0)
        .Select(x => new DatasetSummary(x.Dataset.Name, x.Dataset.Key, x.Dataset.CreatedAt, x.Versions.Count, x.Versions[0].Version))
        .ToList());

    /// <inheritdoc/>
    public IReadOnlyList<DatasetVersion> GetVersions(string dataset, bool includeDeleted = false) => _db.Use(c =>
        PgDatasetCatalog.Find(c, dataset) is { } record
            ? PgDatasetCatalog.Versions(c, record).Select(v => v.Version).Where(v => includeDeleted || v.DeletedAt is null).ToList()
            : (IReadOnlyList<DatasetVersion>)[]);

    /// <inheritdoc/>
    public void AddPurgedVersion(DatasetVersion version) => _db.Use(c => c.InTransaction(() =>
    {
        if (version is not { DeletedAt: not null, PurgedAt: { } purged })
            throw new MlopsException(MlopsErrorKind.InvalidArgument, $"{version.Label} is not purged; commit its rows instead.");
        var dataset = PgDatasetCatalog.Find(c, version.Dataset, forUpdate: true);
        if (dataset is null)
        {
            dataset = PgDatasetCatalog.Create(c, version.Dataset, [], version.CreatedAt);
            c.Execute($"ALTER TABLE {PgDatasetSql.Ident(dataset.Table)} ADD PRIMARY KEY (__rid)");
        }
        var latest = PgDatasetCatalog.Versions(c, dataset).FirstOrDefault();
        if ((latest?.Number ?? 0) + 1 != version.Number)
            throw new MlopsException(MlopsErrorKind.InvalidArgument, $"{version.Label} cannot follow version {latest?.Number ?? 0} of {version.Dataset}; versions are added in order.");
        // its columns where the history table has them; none hold rows, and the next version maps onto the others afresh
        var columns = version.Columns.Select(col => new PgStoredColumn(col.Name, col.Type,
            latest?.Columns.FirstOrDefault(p => p.Name == col.Name && p.Type == col.Type)?.Physical ?? ""));
        c.Execute("""
            INSERT INTO dataset_versions (dataset_id, version, digest, schema, row_count, added, removed, changed, message, author, created_at, source, source_fingerprint, deleted_at, purged_at, key_columns)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, NULL, NULL, $13, $14)
            """, dataset.Id, version.Number, version.Digest, PgDatasetCatalog.ColumnsJson(columns), version.Rows, version.Added, version.Removed, version.Changed,
            version.Message, version.Author, version.CreatedAt, version.Source, purged,
            version.Key is null ? null : System.Text.Json.JsonSerializer.Serialize(version.Key.ToArray(), PgJson.Default.StringArray));
    }));

    /// <inheritdoc/>
    public bool SetVersionDeleted(DatasetVersion version, DateTimeOffset? at) => _db.Use(c => c.Query($"""
        UPDATE dataset_versions SET deleted_at = $3
        WHERE dataset_id = (SELECT dataset_id FROM datasets WHERE name = $1) AND version = $2 AND {(at is null ? "deleted_at IS NOT NULL AND purged_at IS NULL" : "deleted_at IS NULL")}
        RETURNING version
        """, r => r.GetInt32(0), version.Dataset, version.Number, at).Count > 0);

    /// <inheritdoc/>
    public IReadOnlyList<(int Version, string Digest)> GetFormerDigests(string dataset) => _db.Use(c => c.Query("""
        SELECT f.version, f.digest FROM dataset_former_digests f JOIN datasets d USING (dataset_id) WHERE d.name = $1 ORDER BY f.version
        """, r => (r.GetInt32(0), r.GetString(1)), dataset));

    /// <inheritdoc/>
    public IReadOnlyList<string> GetKey(string dataset) => _db.Use(c => PgDatasetCatalog.Find(c, dataset)?.Key ?? []);

    /// <summary>A version's rows in storage order, each value as the client-side parser gives it for the column's type.</summary>
    public IEnumerable<object?[]> ReadRows(DatasetVersion version)
    {
        using var connection = _db.Open();
        var stored = PgDatasetCatalog.Stored(connection, version);
        var columns = stored.Columns;
        using var command = new Npgsql.NpgsqlCommand(
            $"SELECT {string.Join(", ", columns.Select(col => PgDatasetSql.Ident(col.Physical)))} FROM {PgDatasetSql.Ident(stored.Dataset.Table)} " +
            $"WHERE {PgDatasetSql.Alive(version.Number)} ORDER BY __rid", connection);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var values = new object?[columns.Count];
            for (var i = 0; i < columns.Count; i++) values[i] = reader.IsDBNull(i) ? null : PgColumnTypes.FromServer(reader.GetValue(i), columns[i].Type);
            yield return values;
        }
    }

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, string> GetRenames(DatasetVersion from, DatasetVersion to) => _db.Use(c =>
        DatasetRenames.Between(PgDatasetCatalog.Stored(c, from).Columns.Select(col => (col.Name, col.Physical)), PgDatasetCatalog.Stored(c, to).Columns.Select(col => (col.Name, col.Physical))));

    /// <inheritdoc/>
    public void RecordUse(RunId run, DatasetVersion version, DatasetUse use, DateTimeOffset at) => _db.Use(c =>
    {
        var dataset = PgDatasetCatalog.Find(c, version.Dataset) ?? throw new MlopsException(MlopsErrorKind.NotFound, $"dataset '{version.Dataset}' does not exist.");
        PgDatasetCatalog.RecordUse(c, run, dataset.Id, version.Number, use, at);
    });

    /// <inheritdoc/>
    public IReadOnlyList<RunInput> GetRunInputs(RunId run) => _db.Use(c => c.Query("""
        SELECT d.name, i.version, v.digest, i.kind, min(i.used_at) FROM run_inputs i
        JOIN datasets d USING (dataset_id) JOIN dataset_versions v USING (dataset_id, version)
        WHERE i.run_id = $1 GROUP BY d.name, i.version, v.digest, i.kind ORDER BY min(i.used_at), d.name COLLATE "C"
        """, r => new RunInput(r.GetString(0), r.GetInt32(1), r.GetString(2), Enum.Parse<DatasetUse>(r.GetString(3), ignoreCase: true), r.Utc(4)), run));

    // reading rows, an unkeyed diff, profile and drift are the client analysis engine's (the client wraps this store); on its own
    // the store keeps and streams rows
    private MlopsException AnalysisElsewhere(string what) => new(MlopsErrorKind.InvalidState,
        $"{what} on the team store ({Location}) runs in the client: open the store through MlopsClient (or the mlops command), which reads the rows with ReadRows.");

    /// <inheritdoc/>
    public DbDataReader OpenVersion(DatasetVersion version, FilterNode? where = null, int? limit = null) => throw AnalysisElsewhere("reading a version");

    /// <inheritdoc/>
    public ColumnArrays ReadColumns(DatasetVersion version, IReadOnlyList<SchemaColumn> columns) =>
        _db.Use(c => PgColumnReader.Read(c, PgDatasetCatalog.Stored(c, version), columns));

    /// <inheritdoc/>
    /// <remarks>The rows stream from the server on a pooled connection of their own while the caller goes on.</remarks>
    public ColumnStream OpenColumns(DatasetVersion version, IReadOnlyList<SchemaColumn> columns) =>
        PgColumnReader.Stream(_db.Use(c => PgDatasetCatalog.Stored(c, version)), columns, read => _db.Use(read));

    /// <inheritdoc/>
    /// <remarks>A keyed diff runs on the server (only rows in one of the two versions are joined); an unkeyed one compares
    /// whole rows and runs in the client.</remarks>
    public DatasetDiff Diff(DatasetVersion from, DatasetVersion to, IReadOnlyList<string> key, int sampleSize)
    {
        if (key.Count == 0) throw AnalysisElsewhere("a diff without a key");
        if (from.Dataset != to.Dataset)
            throw new MlopsException(MlopsErrorKind.InvalidArgument, $"a diff compares two versions of one dataset; {from.Label} and {to.Label} are of two.");
        return _db.Use(c => new PgDatasetDiffer(c, PgDatasetCatalog.Stored(c, from), PgDatasetCatalog.Stored(c, to), key).Run(sampleSize));
    }

    /// <inheritdoc/>
    public DbDataReader OpenDiff(DatasetVersion from, DatasetVersion to, IReadOnlyList<string> key) => throw AnalysisElsewhere("a diff");

    /// <inheritdoc/>
    public DatasetProfile Profile(DatasetVersion version, int bins) => throw AnalysisElsewhere("a profile");

    /// <inheritdoc/>
    public DatasetDrift Drift(DatasetVersion reference, DatasetVersion current, DriftThresholds thresholds) => throw AnalysisElsewhere("drift");
}

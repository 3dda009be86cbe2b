namespace Mlops.Postgres;

/// <summary>
/// The team store: every table on a shared PostgreSQL server, in schema <c>mlops</c> of the database a
/// <see cref="PostgresLocation"/> names; artifact bytes in the database (content-addressed, chunked, verified on read)
/// or in the shared folder the location's <c>?artifacts=</c> names. Many processes on many machines use it at once.
/// </summary>
public sealed partial class PostgresStore : ITrackingStore
{
    private readonly PgDatabase _db;
    private readonly IBlobStore _blobs;

    private readonly TimeProvider _time;
    private readonly ITableParser? _parser;

    private PostgresStore(PgDatabase db, int schemaVersion, TimeProvider time, ITableParser? parser)
    {
        _db = db;
        _time = time;
        _parser = parser;
        SchemaVersion = schemaVersion;
        _blobs = db.Location.ArtifactsFolder is { } folder ? new FolderBlobs(folder) : new DatabaseBlobs(db);
    }

    /// <inheritdoc/>
    public string Location => _db.Location.Display;

    /// <summary>The schema version the store is at after opening.</summary>
    public int SchemaVersion { get; }

    /// <summary>
    /// Opens the store the location names, creating its schema on first use (when <paramref name="createIfMissing"/>);
    /// <paramref name="parser"/> reads the files and rows that dataset commits bring (none: datasets cannot be committed).
    /// </summary>
    /// <exception cref="MlopsException">StoreUnavailable when the server cannot be reached, refuses the role, or holds a
    /// newer schema; NotFound when there is no store and <paramref name="createIfMissing"/> is false.</exception>
    public static PostgresStore Open(PostgresLocation location, bool createIfMissing = true, TimeProvider? time = null, ITableParser? parser = null)
    {
        time ??= TimeProvider.System;
        var db = new PgDatabase(location);
        var version = db.Use(c => PgMigrator.Apply(c, PgSchema.Migrations, location, createIfMissing, time.GetUtcNow()));
        return new PostgresStore(db, version, time, parser);
    }

    /// <summary>Creates the store's schema (if missing) and returns its version; what <c>mlops store init</c> does.</summary>
    public static int Initialize(PostgresLocation location, TimeProvider? time = null)
    {
        using var store = Open(location, createIfMissing: true, time);
        return store.SchemaVersion;
    }

    /// <inheritdoc/>
    public StoreStatus GetStatus() => _db.Use(c =>
    {
        var counts = c.Query("""
            SELECT (SELECT count(*) FROM experiments), (SELECT count(*) FROM runs),
                   (SELECT count(*) FROM runs WHERE status = 'running'), (SELECT coalesce(sum(points), 0)::bigint FROM metric_summaries),
                   (SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                     WHERE n.nspname = $1 AND c.relkind = 'r'),
                   current_setting('server_version')
            """, r => (r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4), r.GetString(5)), PgDatabase.SchemaName)[0];
        return new StoreStatus(Location, $"PostgreSQL {counts.Item6}", SchemaVersion, counts.Item1, counts.Item2, counts.Item3, counts.Item4,
            counts.Item5 + _blobs.FolderBytes());
    });

    /// <summary>
    /// Stops renewing the heartbeats of runs this store started (connections go back to the process's pool after each unit
    /// of work): a run left open by a disposed store is seen as killed once its heartbeat goes stale.
    /// </summary>
    public void Dispose()
    {
        lock (_owned)
        {
            _heartbeat?.Dispose();
            _heartbeat = null;
            _owned.Clear();
        }
    }
}

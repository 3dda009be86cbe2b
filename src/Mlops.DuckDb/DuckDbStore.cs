using DuckDB.NET.Data;

namespace Mlops.DuckDb;

/// <summary>
/// The embedded store: a folder holding <c>mlops.duckdb</c> and a content-addressed <c>artifacts/</c> folder.
/// The database file is opened for a burst of operations and closed within 100 ms of the last, so several processes
/// can share a store.
/// </summary>
public sealed partial class DuckDbStore : ITrackingStore
{
    /// <summary>The database file name inside a store folder.</summary>
    public const string DatabaseFileName = "mlops.duckdb";

    private readonly DuckDbFile _file;
    private readonly ContentFolder _artifacts;
    private readonly DuckDbStoreOptions _options;
    private readonly string? _temporaryFolder;
    private int _disposed;

    private DuckDbStore(DuckDbFile file, string artifactRoot, string location, DuckDbStoreOptions options, string? temporaryFolder)
    {
        _file = file;
        _artifacts = new ContentFolder(artifactRoot);
        _options = options;
        Location = location;
        _temporaryFolder = temporaryFolder;
        SchemaVersion = Use(c => Migrator.Apply(c, Schema.Migrations, Location, options.Time.GetUtcNow()));
    }

    /// <inheritdoc/>
    public string Location { get; }

    /// <summary>The schema version the store is at after opening.</summary>
    public int SchemaVersion { get; }

    /// <summary>The database file.</summary>
    public string DatabasePath => _file.Path;

    /// <summary>Opens (creating if needed) the store in <paramref name="folder"/>, bringing its schema up to date.</summary>
    /// <exception cref="MlopsException">StoreUnavailable when the folder cannot be written, the file is not a store,
    /// is damaged, is newer than this version, or stays locked by another process.</exception>
    public static DuckDbStore Open(string folder, DuckDbStoreOptions? options = null)
    {
        var full = Path.GetFullPath(folder);
        options ??= new DuckDbStoreOptions();
        if (!options.CreateIfMissing && !File.Exists(Path.Combine(full, DatabaseFileName)))
            throw new MlopsException(MlopsErrorKind.NotFound, Directory.Exists(full)
                ? $"there is no store in {full} (it holds no {DatabaseFileName}). Check the path; a store is made by #!mlops use <folder>, or by the first write (a run, a dataset commit)."
                : $"there is no store at {full} (no such folder). Check the path; a store is made by #!mlops use <folder>, or by the first write (a run, a dataset commit).");
        try
        {
            if (File.Exists(full))
                throw StoreErrors.Unwritable(full, "it is a file, and a store is a folder");
            Directory.CreateDirectory(full);
            Directory.CreateDirectory(Path.Combine(full, "artifacts"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw StoreErrors.Unwritable(full, e.Message, e);
        }
        var file = DuckDbFile.Acquire(Path.Combine(full, DatabaseFileName));
        try
        {
            return new DuckDbStore(file, Path.Combine(full, "artifacts"), full, options, null);
        }
        catch
        {
            file.Return();
            throw;
        }
    }

    /// <summary>A private in-memory store (artifacts in a temporary folder removed on dispose), for tests and scratch work.</summary>
    public static DuckDbStore InMemory(DuckDbStoreOptions? options = null)
    {
        var temp = Path.Combine(Path.GetTempPath(), "mlops-memory-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(temp);
        return new DuckDbStore(DuckDbFile.NewInMemory(), temp, ":memory:", options ?? new DuckDbStoreOptions(), temp);
    }

    /// <inheritdoc/>
    public StoreStatus GetStatus() => Use(c =>
    {
        var counts = c.Query("""
            SELECT (SELECT count(*) FROM experiments), (SELECT count(*) FROM runs),
                   (SELECT count(*) FROM runs WHERE status = 'running'), (SELECT count(*) FROM metrics)
            """, r => (r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3)))[0];
        var bytes = (_file.InMemory ? 0 : FileBytes(_file.Path) + FileBytes(_file.Path + ".wal")) + _artifacts.TotalBytes();
        return new StoreStatus(Location, $"DuckDB {c.ServerVersion}", SchemaVersion, counts.Item1, counts.Item2, counts.Item3, counts.Item4, bytes);
    });

    /// <summary>Closes the database file (a file store keeps it open only briefly between operations) or the in-memory store.</summary>
    public void Dispose()
    {
        if (!_file.InMemory)
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) _file.Return();
            return;
        }
        _file.CloseMemory();
        if (_temporaryFolder is not null && Directory.Exists(_temporaryFolder)) Directory.Delete(_temporaryFolder, recursive: true);
    }

    internal T Use<T>(Func<DuckDBConnection, T> work) => _file.Use(work, _options.LockTimeout);

    internal void Use(Action<DuckDBConnection> work) => _file.Use(work, _options.LockTimeout);

    private static long FileBytes(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;
}

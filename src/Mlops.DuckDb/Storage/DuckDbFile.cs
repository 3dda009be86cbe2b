using System.Collections.Concurrent;
using System.Diagnostics;
using DuckDB.NET.Data;

namespace Mlops.DuckDb;

/// <summary>
/// Access to one DuckDB database file, shared by everything in this process that uses the file. The file is opened
/// for one unit of work and closed after it, so other processes can use it between our operations; a lock held by
/// another process is retried with backoff until <see cref="DuckDbStoreOptions.LockTimeout"/>. Work on one file is
/// serialized within the process and may nest on the same thread (the inner unit reuses the open connection).
/// An in-memory database keeps one connection for its whole life instead.
/// </summary>
internal sealed class DuckDbFile
{
    private static readonly ConcurrentDictionary<string, DuckDbFile> Files = new(StringComparer.Ordinal);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly DuckDBConnection? _memory;
    private DuckDBConnection? _current;
    private int _ownerThread;

    private DuckDbFile(string path, DuckDBConnection? memory)
    {
        Path = path;
        _memory = memory;
    }

    /// <summary>The canonical path of the file, or ":memory:".</summary>
    public string Path { get; }

    /// <summary>Whether this is a private in-memory database.</summary>
    public bool InMemory => _memory is not null;

    /// <summary>The shared access object for a file, by canonical path.</summary>
    public static DuckDbFile For(string path) => Files.GetOrAdd(CanonicalPath.Of(path), p => new DuckDbFile(p, null));

    /// <summary>A new private in-memory database; dispose it with <see cref="CloseMemory"/>.</summary>
    public static DuckDbFile NewInMemory()
    {
        var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        return new DuckDbFile(":memory:", connection);
    }

    public void CloseMemory() => _memory?.Dispose();

    /// <summary>Runs <paramref name="work"/> with an open connection, opening the file (and waiting for other processes) if needed.</summary>
    public T Use<T>(Func<DuckDBConnection, T> work, TimeSpan lockTimeout)
    {
        if (_ownerThread == Environment.CurrentManagedThreadId && _current is not null)
            return work(_current);
        using var lease = Hold(lockTimeout);
        return work(lease.Connection);
    }

    /// <summary>
    /// Holds the file open on this thread until the lease is disposed: other threads of this process wait, other
    /// processes are locked out. For a burst of writes; keep it short.
    /// </summary>
    public Lease Hold(TimeSpan lockTimeout)
    {
        _gate.Wait();
        try
        {
            var connection = _memory ?? OpenWithRetry(lockTimeout);
            _current = connection;
            _ownerThread = Environment.CurrentManagedThreadId;
            return new Lease(this, connection);
        }
        catch
        {
            _gate.Release();
            throw;
        }
    }

    /// <summary>An open connection held by one thread.</summary>
    public sealed class Lease(DuckDbFile file, DuckDBConnection connection) : IDisposable
    {
        private int _disposed;

        public DuckDBConnection Connection { get; } = connection;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
            file._current = null;
            file._ownerThread = 0;
            if (file._memory is null) Connection.Dispose();
            file._gate.Release();
        }
    }

    public void Use(Action<DuckDBConnection> work, TimeSpan lockTimeout) => Use(c => { work(c); return 0; }, lockTimeout);

    private DuckDBConnection OpenWithRetry(TimeSpan lockTimeout)
    {
        var clock = Stopwatch.StartNew();
        var delay = TimeSpan.FromMilliseconds(2);
        while (true)
        {
            var connection = new DuckDBConnection($"Data Source={Path}");
            try
            {
                connection.Open();
                return connection;
            }
            catch (DuckDBException e) when (StoreErrors.IsLockConflict(e))
            {
                connection.Dispose();
                if (clock.Elapsed >= lockTimeout) throw StoreErrors.Locked(Path, e, lockTimeout);
                // short steps: a writer in another process holds the file for moments at a time
                Thread.Sleep(delay + TimeSpan.FromMilliseconds(Random.Shared.Next(0, 3)));
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 1.5, 20));
            }
            catch (DuckDBException e)
            {
                connection.Dispose();
                throw StoreErrors.CannotOpen(Path, e);
            }
        }
    }
}

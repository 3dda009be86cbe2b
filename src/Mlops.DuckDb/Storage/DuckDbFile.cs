using System.Diagnostics;
using DuckDB.NET.Data;

namespace Mlops.DuckDb;

/// <summary>
/// Access to one DuckDB database file, shared by everything in this process that uses the file. The file is opened
/// for a unit of work and closed soon after, so other processes can use it between our operations: it stays open for
/// <see cref="Linger"/> after the last unit (closing it costs a checkpoint, which a loop of small writes would pay
/// each time), and never longer than <see cref="MaxOpen"/> at a stretch, after which it is closed and left closed for
/// <see cref="Yield"/> so a waiting process gets its turn. Opening is an ATTACH of the file to a DuckDB instance kept
/// for the process (an in-memory one, holding no file): starting DuckDB costs ~8 ms, attaching a file ~2 ms, and
/// DETACH checkpoints and releases the file's lock just as closing a database does. A lock held by another process
/// is retried with backoff until <see cref="DuckDbStoreOptions.LockTimeout"/>. Work on one file is serialized within
/// the process and may nest within one logical flow of work, across awaits and threads (the inner unit reuses the
/// open connection: a reader kept open across an <c>await</c> does not lock its own flow out); another flow waits for
/// the file at most the lock timeout, then gets an error naming what holds it. An in-memory database keeps one
/// connection for its whole life instead. The process keeps the instance of a file while a store uses it, and drops
/// it when the last store on the file is disposed.
/// </summary>
internal sealed class DuckDbFile
{
    /// <summary>How long the file stays open after the last unit of work, for the next one.</summary>
    public static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest the file stays open at a stretch while this process keeps using it.</summary>
    public static readonly TimeSpan MaxOpen = TimeSpan.FromSeconds(1);

    /// <summary>How long the file stays closed after <see cref="MaxOpen"/>, for other processes.</summary>
    public static readonly TimeSpan Yield = TimeSpan.FromMilliseconds(20);

    private static readonly Dictionary<string, DuckDbFile> Files = new(StringComparer.Ordinal);
    private static volatile bool _exiting;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly AsyncLocal<Lease?> _held = new();   // the lease of this flow of work, if it holds the file
    private readonly DuckDBConnection? _memory;
    private DuckDBConnection? _host;   // the instance the file is attached to; outlives attachments
    private int _users;   // stores open on the file (under Files' lock)
    private string? _holder;   // what the current lease is for, for the message of a flow that waits too long
    private bool _idle;   // the file is attached to _host and no unit of work holds it
    private long _openedAt;
    private long _releasedAt;
    private Timer? _closer;

    static DuckDbFile() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        _exiting = true;
        List<DuckDbFile> files;
        lock (Files) files = [.. Files.Values];
        foreach (var file in files) file.CloseIdle();
    };

    private DuckDbFile(string path, DuckDBConnection? memory)
    {
        Path = path;
        _memory = memory;
    }

    /// <summary>The canonical path of the file, or ":memory:".</summary>
    public string Path { get; }

    /// <summary>Whether this is a private in-memory database.</summary>
    public bool InMemory => _memory is not null;

    /// <summary>The shared access object for a file, by canonical path, for one more store; give it back with <see cref="Return"/>.</summary>
    public static DuckDbFile Acquire(string path)
    {
        var canonical = CanonicalPath.Of(path);
        lock (Files)
        {
            if (!Files.TryGetValue(canonical, out var file)) Files[canonical] = file = new DuckDbFile(canonical, null);
            file._users++;
            return file;
        }
    }

    /// <summary>Whether the process keeps an instance for the file (tests check that disposed stores leave none behind).</summary>
    internal static bool IsKept(string path)
    {
        lock (Files) return Files.ContainsKey(CanonicalPath.Of(path));
    }

    /// <summary>One store fewer uses the file; the last one closes it and drops the process's instance of it.</summary>
    public void Return()
    {
        lock (Files)
        {
            if (--_users > 0) return;
            Files.Remove(Path);
        }
        if (!_gate.Wait(TimeSpan.FromSeconds(5))) return;   // a reader still open: its lease closes the file
        try
        {
            if (_idle) Detach();
            DisposeHost();
            _closer?.Dispose();
            _closer = null;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>A new private in-memory database; dispose it with <see cref="CloseMemory"/>.</summary>
    public static DuckDbFile NewInMemory()
    {
        var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        RowHashFunction.Register(connection);
        return new DuckDbFile(":memory:", connection);
    }

    public void CloseMemory() => _memory?.Dispose();

    /// <summary>Runs <paramref name="work"/> with an open connection, opening the file (and waiting for other processes) if needed.</summary>
    public T Use<T>(Func<DuckDBConnection, T> work, TimeSpan lockTimeout, string? what = null)
    {
        if (_held.Value is { IsLive: true } held) return work(held.Connection);
        using var lease = Hold(lockTimeout, what);
        return work(lease.Connection);
    }

    /// <summary>
    /// Holds the file open on this thread until the lease is disposed: other threads of this process wait, other
    /// processes are locked out. For a burst of writes; keep it short.
    /// </summary>
    public Lease Hold(TimeSpan lockTimeout, string? what = null)
    {
        if (!_gate.Wait(lockTimeout))
            throw new MlopsException(MlopsErrorKind.StoreUnavailable,
                $"The store file {Path} was held by {_holder ?? "another operation"} in this process for more than {lockTimeout.TotalSeconds:0.#} s. " +
                "Dispose dataset readers (OpenVersion, OpenDiff) when done with them, or read them to the end before starting other store work on another thread.");
        try
        {
            var connection = _memory ?? TakeIdle() ?? Open(lockTimeout);
            var lease = new Lease(this, connection);
            _holder = what;
            _held.Value = lease;
            return lease;
        }
        catch
        {
            _gate.Release();
            throw;
        }
    }

    /// <summary>Closes the file now if it is open and not in use (when a store is disposed, and at process exit).</summary>
    public void CloseIdle()
    {
        if (_memory is not null || !_gate.Wait(TimeSpan.FromSeconds(5))) return;
        try
        {
            if (_idle) Detach();
            if (_exiting) DisposeHost();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>An open connection held by one thread.</summary>
    public sealed class Lease(DuckDbFile file, DuckDBConnection connection) : IDisposable
    {
        private int _disposed;

        public DuckDBConnection Connection { get; } = connection;

        public bool IsLive => Volatile.Read(ref _disposed) == 0;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
            if (file._held.Value == this) file._held.Value = null;
            file._holder = null;
            if (file._memory is null) file.Release();
            file._gate.Release();
        }
    }

    // under the gate: the instance with the file still attached, unless it has been open too long (then close it and
    // give others a turn)
    private DuckDBConnection? TakeIdle()
    {
        if (!_idle) return null;
        _idle = false;
        if (Stopwatch.GetElapsedTime(_openedAt) < MaxOpen) return _host;
        Detach();
        Thread.Sleep(Yield);
        return null;
    }

    private DuckDBConnection Open(TimeSpan lockTimeout)
    {
        var connection = OpenWithRetry(lockTimeout);
        _openedAt = Stopwatch.GetTimestamp();
        return connection;
    }

    // under the gate: keep the file attached for the next unit of work, and close it if none comes within the linger time
    private void Release()
    {
        bool dropped;
        lock (Files) dropped = _users == 0;
        if (_exiting || dropped)
        {
            Detach();
            DisposeHost();
            return;
        }
        _idle = true;
        _releasedAt = Stopwatch.GetTimestamp();
        using (ExecutionContext.SuppressFlow()) _closer ??= new Timer(_ => CloseIfIdle());
        _closer.Change(Linger, Timeout.InfiniteTimeSpan);
    }

    private void CloseIfIdle()
    {
        if (!_gate.Wait(0)) return;   // in use: its release schedules the next check
        try
        {
            if (!_idle) return;
            var idleFor = Stopwatch.GetElapsedTime(_releasedAt);
            if (idleFor < Linger)
            {
                _closer?.Change(Linger - idleFor, Timeout.InfiniteTimeSpan);
                return;
            }
            Detach();
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Use(Action<DuckDBConnection> work, TimeSpan lockTimeout, string? what = null) => Use(c => { work(c); return 0; }, lockTimeout, what);

    /// <summary>
    /// Rewrites the file compactly (DuckDB reuses the space of deleted rows but never gives it back): every schema,
    /// table, sequence and view is copied into a new file beside it, which then replaces the old one. The old file stays
    /// attached, and so locked, until the new one is in place, so no other process writes to the old one meanwhile
    /// (a process that opens the path afterwards opens the new file). Killed at any point, the store still opens: before
    /// the move the old file is whole and the half-written copy is removed by the next rewrite; the move itself is atomic.
    /// </summary>
    public void Rewrite(TimeSpan lockTimeout, Action<string>? reached = null)
    {
        if (InMemory) return;
        if (!_gate.Wait(lockTimeout))
            throw new MlopsException(MlopsErrorKind.StoreUnavailable, $"The store file {Path} was held by {_holder ?? "another operation"} in this process; it was not compacted.");
        try
        {
            var host = TakeIdle() ?? Open(lockTimeout);
            var copy = Path + ".compact";
            var target = copy.Replace("'", "''");
            try
            {
                foreach (var stale in new[] { copy, copy + ".wal" }) File.Delete(stale);
                host.Execute("FORCE CHECKPOINT");
                host.Execute($"ATTACH '{target}' AS compact; COPY FROM DATABASE {Alias} TO compact; DETACH compact");
                reached?.Invoke("copied");
                File.Move(copy, Path, overwrite: true);
                reached?.Invoke("moved");
            }
            finally
            {
                if (File.Exists(copy)) File.Delete(copy);
                // the attachment is the old file's: it must not serve another unit of work
                Detach();
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private DuckDBConnection OpenWithRetry(TimeSpan lockTimeout)
    {
        var host = _host ??= NewHost(Path);
        var clock = Stopwatch.StartNew();
        var delay = TimeSpan.FromMilliseconds(2);
        while (true)
        {
            try
            {
                host.Execute($"ATTACH '{Path.Replace("'", "''")}' AS {Alias}; USE {Alias}");
                return host;
            }
            catch (DuckDBException e) when (StoreErrors.IsLockConflict(e))
            {
                if (clock.Elapsed >= lockTimeout) throw StoreErrors.Locked(Path, e, lockTimeout);
                // short steps: a writer in another process holds the file for moments at a time
                Thread.Sleep(delay + TimeSpan.FromMilliseconds(Random.Shared.Next(0, 3)));
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 1.5, 20));
            }
            catch (DuckDBException e)
            {
                throw StoreErrors.CannotOpen(Path, e);
            }
        }
    }

    private static DuckDBConnection NewHost(string path)
    {
        var host = new DuckDBConnection("Data Source=:memory:");
        host.Open();
        RowHashFunction.Register(host);
        // where DuckDB spills work larger than memory: beside the file, as for a database opened directly (an
        // in-memory instance would use .tmp in the working folder, a notebook's folder)
        host.Execute($"SET temp_directory = '{(path + ".tmp").Replace("'", "''")}'");
        return host;
    }

    // under the gate, with the file attached and not in use: DETACH checkpoints the file and releases its lock; should
    // it fail, closing the whole instance does both
    private void Detach()
    {
        _idle = false;
        try
        {
            _host!.Execute($"USE memory; DETACH {Alias}");
        }
        catch (DuckDBException)
        {
            DisposeHost();
        }
    }

    private void DisposeHost()
    {
        _host?.Dispose();
        _host = null;
    }

    /// <summary>The name the file is attached under; the unit of work's default database.</summary>
    private const string Alias = "store";
}

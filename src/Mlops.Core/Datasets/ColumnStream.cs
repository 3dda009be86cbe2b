using System.Runtime.ExceptionServices;

namespace Mlops;

/// <summary>
/// Whole columns of a version arriving while they are read: arrays of the types a model reads, sized for the version's
/// rows and filled in the order the engine sends rows (not necessarily storage order), with how many rows are in so far.
/// A reader waits for a row with <see cref="WaitFor"/>, so scoring starts on the first rows while the rest are still on
/// the wire. For what is computed over all rows at once (metrics); use <see cref="IDatasetStore.ReadColumns"/> for rows in
/// storage order. Disposing it stops the read and waits for its reader to let go of the store.
/// </summary>
public sealed class ColumnStream : IDisposable
{
    /// <summary>Rows between two announcements of progress by a reader.</summary>
    public const int Chunk = 2048;

    private readonly object _gate = new();
    private readonly CancellationTokenSource _cancel = new();
    private int _available;
    private int _waiting;
    private bool _done;
    private ExceptionDispatchInfo? _error;
    private Task? _reading;

    private ColumnStream(ColumnArrays data) => Data = data;

    /// <summary>The arrays, filled up to <see cref="Available"/> rows (all of them once the read is complete).</summary>
    public ColumnArrays Data { get; }

    /// <summary>Readers waiting for a row that is not in yet.</summary>
    public int Waiting
    {
        get
        {
            lock (_gate) return _waiting;
        }
    }

    /// <summary>Rows filled so far.</summary>
    public int Available => Volatile.Read(ref _available);

    /// <summary>Columns read already, whole.</summary>
    public static ColumnStream Completed(ColumnArrays data) => new(data) { _available = data.Rows, _done = true };

    /// <summary>
    /// Allocates the arrays for <paramref name="rows"/> rows of <paramref name="columns"/> and starts <paramref name="read"/>
    /// on a pool thread: it fills the arrays in <see cref="Data"/>, calls <see cref="Publish"/> as rows come in, and
    /// returns how many rows it read; anything but exactly <paramref name="rows"/> fails the stream as corrupted.
    /// </summary>
    public static ColumnStream Start(string label, IReadOnlyList<SchemaColumn> columns, int rows, Func<ColumnStream, CancellationToken, int> read)
    {
        var arrays = columns.Select(c => new ColumnArray(c, Array.CreateInstance(ColumnArrays.ElementType(c.Type) ?? throw ColumnArrays.Unreadable(c), rows))).ToList();
        var stream = new ColumnStream(new ColumnArrays(rows, arrays));
        stream._reading = Task.Run(() =>
        {
            try
            {
                var count = read(stream, stream._cancel.Token);
                if (count != rows)
                    throw new MlopsException(MlopsErrorKind.Corrupted, $"{label} has {count:N0} rows in the store, not the {rows:N0} it recorded.");
                stream.Finish(null);
            }
            catch (Exception e)
            {
                stream.Finish(ExceptionDispatchInfo.Capture(e));
            }
        });
        return stream;
    }

    /// <summary>For a reader: the first <paramref name="rows"/> rows of every array are filled.</summary>
    public void Publish(int rows)
    {
        Volatile.Write(ref _available, rows);
        lock (_gate) Monitor.PulseAll(_gate);
    }

    /// <summary>Waits until row <paramref name="row"/> is filled: true then, false when there is no such row.</summary>
    /// <exception cref="MlopsException">The read's failure, as the store gave it.</exception>
    public bool WaitFor(int row)
    {
        if (row < Volatile.Read(ref _available)) return true;
        lock (_gate)
        {
            while (row >= _available && !_done)
            {
                _waiting++;
                Monitor.Wait(_gate);
                _waiting--;
            }
        }
        _error?.Throw();
        return row < _available;
    }

    /// <summary>Waits for the whole read and gives the arrays.</summary>
    /// <exception cref="MlopsException">The read's failure.</exception>
    public ColumnArrays Wait()
    {
        WaitFor(Data.Rows);
        return Data;
    }

    /// <summary>The read's failure, once it failed; null while it has not.</summary>
    public Exception? Error
    {
        get
        {
            lock (_gate) return _error?.SourceException;
        }
    }

    /// <summary>Stops a read still going and waits for its reader.</summary>
    public void Dispose()
    {
        _cancel.Cancel();
        try
        {
            _reading?.Wait();
        }
        catch (AggregateException)
        {
            // the failure is the stream's, reported by its waits
        }
        _cancel.Dispose();
    }

    private void Finish(ExceptionDispatchInfo? error)
    {
        lock (_gate)
        {
            _error = error;
            _done = true;
            Monitor.PulseAll(_gate);
        }
    }
}

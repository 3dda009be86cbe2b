namespace Mlops;

/// <summary>
/// The buffer behind <c>LogMetric</c>. Appending copies one 40-byte row into a pre-allocated chunk under a lock;
/// full chunks go to a background thread that writes all waiting chunks in one store call. The number of chunks is
/// bounded, so a producer faster than the store waits instead of growing memory. A failed write keeps its points
/// and is retried; the failure is raised from <see cref="Flush"/> and from a producer that has to wait.
/// </summary>
public sealed class MetricWriter : IDisposable
{
    private readonly ITrackingStore _store;
    private readonly MetricWriterOptions _options;
    private readonly object _gate = new();
    private readonly Queue<ArraySegment<MetricRow>> _full = new();
    private readonly Stack<MetricRow[]> _free = new();
    private readonly Thread _thread;
    private MetricRow[]? _active;
    private int _count;
    private int _allocated;
    private long _appended;
    private long _persisted;
    private long _attempts;
    private long _lastFailedAttempt;
    private bool _disposed;
    private Exception? _failure;

    /// <summary>Starts the flusher thread for <paramref name="store"/>.</summary>
    public MetricWriter(ITrackingStore store, MetricWriterOptions? options = null)
    {
        _store = store;
        _options = options ?? new MetricWriterOptions();
        _options.Validate();
        _thread = new Thread(FlushLoop) { IsBackground = true, Name = "mlops-metric-flusher" };
        _thread.Start();
    }

    /// <summary>Points appended and not yet written.</summary>
    public long Pending { get { lock (_gate) return _appended - _persisted; } }

    /// <summary>Buffers one point. Waits only when every chunk is full and the store is behind.</summary>
    /// <exception cref="MlopsException">The store has been failing while this call waited for room.</exception>
    public void Append(in MetricRow row)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_active is null || _count == _active.Length) NextChunkLocked();
            _active![_count++] = row;
            _appended++;
        }
    }

    /// <summary>Writes everything appended so far and returns when it is stored.</summary>
    /// <exception cref="MlopsException">The store could not be written; the points stay buffered for a later try.</exception>
    public void Flush()
    {
        lock (_gate)
        {
            var target = _appended;
            if (_persisted >= target) return;
            if (_disposed && !_thread.IsAlive) throw Failure();
            HandOverActiveLocked();
            var attemptsBefore = _attempts;
            while (_persisted < target)
            {
                if (_lastFailedAttempt > attemptsBefore) throw Failure();
                Monitor.Wait(_gate, 50);
            }
        }
    }

    /// <summary>Flushes and stops the flusher thread. A failure to write is raised after the thread stopped.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            HandOverActiveLocked();
            Monitor.PulseAll(_gate);
        }
        _thread.Join();
        lock (_gate)
            if (_appended > _persisted) throw Failure();
    }

    private void NextChunkLocked()
    {
        HandOverActiveLocked();
        var attemptsBefore = _attempts;
        while (true)
        {
            if (_free.TryPop(out var chunk)) { _active = chunk; return; }
            if (_allocated < _options.MaxChunks) { _allocated++; _active = new MetricRow[_options.ChunkSize]; return; }
            if (_lastFailedAttempt > attemptsBefore) throw Failure();
            Monitor.Wait(_gate, 50);
        }
    }

    private void HandOverActiveLocked()
    {
        if (_active is null || _count == 0) return;
        _full.Enqueue(new ArraySegment<MetricRow>(_active, 0, _count));
        _active = null;
        _count = 0;
        Monitor.PulseAll(_gate);
    }

    private MlopsException Failure() => new(MlopsErrorKind.StoreUnavailable,
        $"{_appended - _persisted:N0} metric points could not be written to {_store.Location} and are still buffered: {_failure?.Message}",
        _failure);

    private void FlushLoop()
    {
        var lastWrite = DateTime.UtcNow;
        while (true)
        {
            List<ArraySegment<MetricRow>> batch;
            lock (_gate)
            {
                while (_full.Count == 0)
                {
                    if (_disposed) return;
                    var waited = DateTime.UtcNow - lastWrite;
                    if (waited >= _options.FlushInterval && _count > 0) { HandOverActiveLocked(); break; }
                    Monitor.Wait(_gate, waited >= _options.FlushInterval ? _options.FlushInterval : _options.FlushInterval - waited);
                }
                batch = [.. _full];
                _attempts++;
            }
            var error = Write(batch);
            lastWrite = DateTime.UtcNow;
            lock (_gate)
            {
                _failure = error;
                if (error is not null) _lastFailedAttempt = _attempts;
                else
                {
                    foreach (var segment in batch)
                    {
                        _full.Dequeue();
                        _persisted += segment.Count;
                        _free.Push(segment.Array!);
                    }
                }
                Monitor.PulseAll(_gate);
                if (error is not null && !_disposed) Monitor.Wait(_gate, _options.RetryDelay);
                if (error is not null && _disposed) return;
            }
        }
    }

    private Exception? Write(List<ArraySegment<MetricRow>> batch)
    {
        try
        {
            _store.AppendMetrics(batch);
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }
}

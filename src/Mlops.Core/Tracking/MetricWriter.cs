namespace Mlops;

/// <summary>
/// The buffer behind <c>LogMetric</c>. Appending copies one 40-byte row into a pre-allocated chunk under a lock;
/// full chunks go to a background thread that writes all waiting chunks in one store call. The number of chunks is
/// bounded, so a producer faster than the store waits instead of growing memory. A failed write keeps its points
/// and is retried; the failure is raised from <see cref="Flush"/> and from a producer that has to wait.
/// </summary>
public sealed class MetricWriter : IDisposable
{
    private static readonly TimeSpan MaxHold = TimeSpan.FromSeconds(0.5);
    private static readonly TimeSpan YieldAfterHold = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan BurstGap = TimeSpan.FromMilliseconds(10);

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
    private int _flushWaiters;
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

    /// <summary>Chunks allocated so far; never more than <see cref="MetricWriterOptions.MaxChunks"/>.</summary>
    internal int AllocatedChunks { get { lock (_gate) return _allocated; } }

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
            _flushWaiters++;
            try
            {
                while (_persisted < target)
                {
                    if (_lastFailedAttempt > attemptsBefore) throw Failure();
                    Monitor.Wait(_gate, 50);
                }
            }
            finally
            {
                _flushWaiters--;
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
            lock (_gate)
            {
                if (!WaitForWorkLocked(lastWrite)) return;
                _attempts++;
            }
            var (error, heldToLimit) = WriteSession();
            lastWrite = DateTime.UtcNow;
            lock (_gate)
            {
                _failure = error;
                if (error is not null) _lastFailedAttempt = _attempts;
                Monitor.PulseAll(_gate);
                if (error is not null && _disposed) return;
                // after a failure wait before trying again; after holding the store to the limit leave other processes a window
                if (error is not null) Monitor.Wait(_gate, _options.RetryDelay);
                else if (heldToLimit) Monitor.Wait(_gate, YieldAfterHold);
            }
        }
    }

    /// <summary>Waits until full chunks are queued, the interval has passed with a partial chunk, or disposal. False: stop.</summary>
    private bool WaitForWorkLocked(DateTime lastWrite)
    {
        while (_full.Count == 0)
        {
            if (_disposed) return false;
            var waited = DateTime.UtcNow - lastWrite;
            if (waited >= _options.FlushInterval && _count > 0)
            {
                HandOverActiveLocked();
                return true;
            }
            Monitor.Wait(_gate, waited >= _options.FlushInterval ? _options.FlushInterval : _options.FlushInterval - waited);
        }
        return true;
    }

    /// <summary>
    /// Opens the store once and writes batches while the producer keeps filling chunks, up to <see cref="MaxHold"/>,
    /// so a fast training loop costs one open per second rather than one per batch.
    /// </summary>
    private (Exception? Error, bool HeldToLimit) WriteSession()
    {
        try
        {
            using var appender = _store.OpenMetricAppender();
            var held = System.Diagnostics.Stopwatch.StartNew();
            while (NextBatch(held.Elapsed == TimeSpan.Zero) is { } batch)
            {
                appender.Append(batch);
                Complete(batch);
                if (held.Elapsed >= MaxHold) return (null, true);
            }
            return (null, false);
        }
        catch (Exception e)
        {
            return (e, false);
        }
    }

    private List<ArraySegment<MetricRow>>? NextBatch(bool first)
    {
        lock (_gate)
        {
            // wait briefly for more of a burst, unless someone waits for the flush (the store is theirs next)
            if (_full.Count == 0 && !first && !_disposed && _flushWaiters == 0) Monitor.Wait(_gate, BurstGap);
            if (_full.Count == 0 && _disposed) HandOverActiveLocked();
            // at most half the chunks per write, so the producer fills the other half meanwhile instead of waiting
            return _full.Count == 0 ? null : [.. _full.Take(Math.Max(1, _options.MaxChunks / 2))];
        }
    }

    private void Complete(List<ArraySegment<MetricRow>> batch)
    {
        lock (_gate)
        {
            foreach (var segment in batch)
            {
                _full.Dequeue(); // the batch is the head of the queue
                _persisted += segment.Count;
                _free.Push(segment.Array!);
            }
            Monitor.PulseAll(_gate);
        }
    }
}

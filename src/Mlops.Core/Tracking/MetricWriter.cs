namespace Mlops;

/// <summary>
/// The buffer behind <c>LogMetric</c>. Appending copies one 40-byte row into a pre-allocated chunk under a lock;
/// full chunks go to a background thread that writes all waiting chunks in one store call. The number of chunks is
/// bounded, so a producer faster than the store waits instead of growing memory.
/// </summary>
/// <remarks>
/// A write that fails because the store is unavailable (locked, down) keeps its points and is retried; the failure is
/// raised from <see cref="Flush()"/> and from a producer that has to wait. Any other failure is permanent for the runs
/// it concerns (the run is gone, the store folder was deleted): the batch is written again run by run, the points of
/// the runs that still fail are dropped and reported by <see cref="Flush(RunId)"/> for that run, and every other
/// run's points flow on. All waits use the injected <see cref="TimeProvider"/>.
/// </remarks>
public sealed class MetricWriter : IDisposable
{
    private static readonly TimeSpan MaxHold = TimeSpan.FromSeconds(0.5);

    private readonly ITrackingStore _store;
    private readonly MetricWriterOptions _options;
    private readonly TimeProvider _time;
    private readonly object _gate = new();
    private readonly LinkedList<ArraySegment<MetricRow>> _full = new();
    private readonly Stack<MetricRow[]> _free = new();
    private readonly Dictionary<RunId, RunFailure> _failedRuns = [];
    private readonly Thread _thread;
    private MetricRow[]? _active;
    private int _count;
    private int _allocated;
    private long _appended;
    private long _settled;
    private long _attempts;
    private long _lastFailedAttempt;
    private int _flushWaiters;
    private bool _disposed;
    private Exception? _failure;

    /// <summary>Starts the flusher thread for <paramref name="store"/>.</summary>
    public MetricWriter(ITrackingStore store, MetricWriterOptions? options = null, TimeProvider? time = null)
    {
        _store = store;
        _options = options ?? new MetricWriterOptions();
        _options.Validate();
        _time = time ?? TimeProvider.System;
        _thread = new Thread(FlushLoop) { IsBackground = true, Name = "mlops-metric-flusher" };
        _thread.Start();
    }

    /// <summary>Raised on the flusher thread after each write attempt (tests wait on it instead of sleeping).</summary>
    internal event Action? Attempted;

    /// <summary>Callers waiting in <see cref="Flush()"/> (tests use it to order a flush against the flusher).</summary>
    internal int FlushWaiters
    {
        get { lock (_gate) return _flushWaiters; }
    }

    /// <summary>Chunks allocated so far; never more than <see cref="MetricWriterOptions.MaxChunks"/>.</summary>
    internal int AllocatedChunks { get { lock (_gate) return _allocated; } }

    /// <summary>Points appended and not yet written (or dropped for a permanent failure of their run).</summary>
    public long Pending { get { lock (_gate) return _appended - _settled; } }

    /// <summary>A handle that admits one run's points until it is closed.</summary>
    internal RunHandle Open(RunId run) => new(run);

    /// <summary>Buffers one point. Waits only when every chunk is full and the store is behind.</summary>
    /// <exception cref="MlopsException">The store has been failing while this call waited for room.</exception>
    public void Append(in MetricRow row)
    {
        lock (_gate) AppendLocked(row);
    }

    /// <summary>Buffers one point of the handle's run; false, buffering nothing, once the handle is closed.</summary>
    internal bool TryAppend(RunHandle handle, in MetricRow row)
    {
        lock (_gate)
        {
            if (handle.Closed) return false;
            AppendLocked(row);
            return true;
        }
    }

    /// <summary>Admits no more points through <paramref name="handle"/>; every point admitted before is flushed by the next <see cref="Flush(RunId)"/>.</summary>
    internal void Close(RunHandle handle)
    {
        lock (_gate) handle.Closed = true;
    }

    /// <summary>Admits points through <paramref name="handle"/> again (its run could not end after all).</summary>
    internal void Reopen(RunHandle handle)
    {
        lock (_gate) handle.Closed = false;
    }

    /// <summary>Writes everything appended so far and returns when it is stored.</summary>
    /// <exception cref="MlopsException">The store could not be written; the points stay buffered for a later try.</exception>
    public void Flush()
    {
        lock (_gate)
        {
            var target = _appended;
            if (_settled >= target) return;
            if (_disposed && !_thread.IsAlive) throw Failure();
            HandOverActiveLocked();
            var attemptsBefore = _attempts;
            _flushWaiters++;
            Monitor.PulseAll(_gate);
            try
            {
                while (_settled < target)
                {
                    if (_lastFailedAttempt > attemptsBefore) throw Failure();
                    Monitor.Wait(_gate);
                }
            }
            finally
            {
                _flushWaiters--;
            }
        }
    }

    /// <summary>Flushes, then reports the points of <paramref name="run"/> that were dropped because the store refused them for good.</summary>
    /// <exception cref="MlopsException">StoreUnavailable while the store is unavailable (the points stay buffered); the
    /// permanent failure's kind when points of this run were dropped (reported once).</exception>
    public void Flush(RunId run)
    {
        Flush();
        lock (_gate)
        {
            if (!_failedRuns.Remove(run, out var failure)) return;
            var cause = failure.Error as MlopsException;
            throw new MlopsException(cause?.Kind ?? MlopsErrorKind.InvalidState,
                $"{failure.Dropped:N0} metric points of run {run.Short} could not be written to {_store.Location} and were dropped: {failure.Error.Message}",
                failure.Error);
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
            if (_appended > _settled) throw Failure();
    }

    private void AppendLocked(in MetricRow row)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_active is null || _count == _active.Length) NextChunkLocked();
        _active![_count++] = row;
        _appended++;
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
            Monitor.Wait(_gate);
        }
    }

    private void HandOverActiveLocked()
    {
        if (_active is null || _count == 0) return;
        _full.AddLast(new ArraySegment<MetricRow>(_active, 0, _count));
        _active = null;
        _count = 0;
        Monitor.PulseAll(_gate);
    }

    private MlopsException Failure() => new(MlopsErrorKind.StoreUnavailable,
        $"{_appended - _settled:N0} metric points could not be written to {_store.Location} and are still buffered: {_failure?.Message}",
        _failure);

    /// <summary>
    /// Waits on the gate until <paramref name="delay"/> has passed on the injected clock, or until pulsed: with
    /// <paramref name="until"/>, only a pulse that finds it true ends the wait early.
    /// </summary>
    private void WaitLocked(TimeSpan delay, Func<bool>? until = null)
    {
        // a pulse given before this wait began (a Flush asked while the failed write was being reported) is not
        // delivered again: look at the condition first, or the wait would outlast the request
        if (until is not null && until()) return;
        var due = false;
        using var timer = _time.CreateTimer(_ =>
        {
            lock (_gate)
            {
                due = true;
                Monitor.PulseAll(_gate);
            }
        }, null, delay, Timeout.InfiniteTimeSpan);
        do Monitor.Wait(_gate);
        while (!due && until is not null && !until());
    }

    private void FlushLoop()
    {
        var lastWrite = _time.GetTimestamp();
        while (true)
        {
            lock (_gate)
            {
                if (!WaitForWorkLocked(lastWrite)) return;
                _attempts++;
            }
            var error = WriteBatch();
            lastWrite = _time.GetTimestamp();
            lock (_gate)
            {
                _failure = error;
                if (error is not null) _lastFailedAttempt = _attempts;
                Monitor.PulseAll(_gate);
            }
            Attempted?.Invoke();
            lock (_gate)
            {
                if (error is not null && _disposed) return;
                // after a failure wait before trying again, unless someone flushes: that is a request to try now
                if (error is not null) WaitLocked(_options.RetryDelay, () => _disposed || _flushWaiters > 0);
            }
        }
    }

    /// <summary>Waits until full chunks are queued, the interval has passed with a partial chunk, or disposal. False: stop.</summary>
    private bool WaitForWorkLocked(long lastWrite)
    {
        while (_full.Count == 0)
        {
            if (_disposed) return false;
            var waited = _time.GetElapsedTime(lastWrite);
            if (waited >= _options.FlushInterval && _count > 0)
            {
                HandOverActiveLocked();
                return true;
            }
            WaitLocked(waited >= _options.FlushInterval ? _options.FlushInterval : _options.FlushInterval - waited);
        }
        return true;
    }

    /// <summary>
    /// Writes the chunks waiting (at most half of them a call), and while more are already waiting, goes on with the
    /// same store lease for up to <see cref="MaxHold"/>: a fast loop costs no open per batch, and the flusher never
    /// waits while holding the store (the store itself closes the file between leases for other processes).
    /// </summary>
    private Exception? WriteBatch()
    {
        var batch = NextBatch();
        if (batch is null) return null;
        try
        {
            using var appender = _store.OpenMetricAppender();
            var held = _time.GetTimestamp();
            while (batch is not null)
            {
                appender.Append(batch);
                Complete(batch, []);
                batch = _time.GetElapsedTime(held) < MaxHold ? NextBatch() : null;
            }
            return null;
        }
        catch (Exception e) when (batch is not null && !IsTransient(e))
        {
            return WriteRunByRun(batch);
        }
        catch (Exception e)
        {
            return e;
        }
    }

    /// <summary>A store that is locked or unreachable may come back; anything else will fail again for the same points.</summary>
    private static bool IsTransient(Exception e) => e is not MlopsException m || m.Kind == MlopsErrorKind.StoreUnavailable;

    /// <summary>
    /// After a permanent failure: writes the batch's points run by run, drops those of runs the store refuses for good,
    /// and puts back those not written because the store became unavailable meanwhile.
    /// </summary>
    private Exception? WriteRunByRun(List<ArraySegment<MetricRow>> batch)
    {
        var byRun = new Dictionary<RunId, List<MetricRow>>();
        foreach (var segment in batch)
            foreach (var row in segment)
            {
                if (!byRun.TryGetValue(row.RunId, out var rows)) byRun[row.RunId] = rows = [];
                rows.Add(row);
            }
        var failed = new Dictionary<RunId, RunFailure>();
        var remaining = new List<ArraySegment<MetricRow>>();
        Exception? transient = null;
        foreach (var (run, rows) in byRun)
        {
            var segment = new ArraySegment<MetricRow>([.. rows]);
            if (transient is not null) { remaining.Add(segment); continue; }
            try
            {
                using var appender = _store.OpenMetricAppender();
                appender.Append([segment]);
            }
            catch (Exception e) when (!IsTransient(e))
            {
                failed[run] = new RunFailure(rows.Count, e);
            }
            catch (Exception e)
            {
                transient = e;
                remaining.Add(segment);
            }
        }
        Complete(batch, remaining, failed);
        return transient;
    }

    private List<ArraySegment<MetricRow>>? NextBatch()
    {
        lock (_gate)
        {
            if (_full.Count == 0 && _disposed) HandOverActiveLocked();
            // at most half the chunks per write, so the producer fills the other half meanwhile instead of waiting
            return _full.Count == 0 ? null : [.. _full.Take(Math.Max(1, _options.MaxChunks / 2))];
        }
    }

    /// <summary>
    /// Takes the batch (the head of the queue) off the queue; <paramref name="putBack"/> goes back at the head, and the
    /// points of <paramref name="failed"/> runs count as settled.
    /// </summary>
    private void Complete(List<ArraySegment<MetricRow>> batch, List<ArraySegment<MetricRow>> putBack,
        Dictionary<RunId, RunFailure>? failed = null)
    {
        lock (_gate)
        {
            foreach (var segment in batch)
            {
                _full.RemoveFirst();
                _settled += segment.Count;
                if (segment.Array!.Length == _options.ChunkSize) _free.Push(segment.Array!);   // pooled chunks only, not a failure's per-run copies
            }
            for (var i = putBack.Count - 1; i >= 0; i--)
            {
                _full.AddFirst(putBack[i]);
                _settled -= putBack[i].Count;
            }
            foreach (var (run, failure) in failed ?? [])
                _failedRuns[run] = _failedRuns.TryGetValue(run, out var earlier) ? failure with { Dropped = failure.Dropped + earlier.Dropped } : failure;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Admits one run's points until closed (the run ended).</summary>
    internal sealed class RunHandle(RunId run)
    {
        public RunId Run { get; } = run;

        /// <summary>Read and written under the writer's lock only.</summary>
        public bool Closed { get; set; }
    }

    private sealed record RunFailure(long Dropped, Exception Error);
}

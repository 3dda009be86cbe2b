namespace Mlops;

/// <summary>
/// A run that is being recorded. Log params, metrics, tags and artifacts to it, then end it; disposing it ends it
/// as finished. <see cref="LogMetric"/> only buffers (tens of nanoseconds); everything is written by the time
/// <see cref="End"/> or <see cref="Flush"/> returns. Thread-safe.
/// </summary>
public sealed class ActiveRun : IDisposable
{
    private readonly TrackingService _service;
    private readonly MetricWriter _metrics;
    private readonly TimeProvider _time;
    private readonly object _endGate = new();
    private readonly RunEnvironment _environment;
    private readonly MetricWriter.RunHandle _handle;
    private volatile bool _ended;
    private volatile MetricWatch? _watch;

    internal ActiveRun(TrackingService service, RunInfo info, RunEnvironment environment, long sequence)
    {
        Sequence = sequence;
        _environment = environment;
        _service = service;
        _metrics = service.Metrics;
        _time = service.Time;
        _handle = _metrics.Open(info.Id);
        Info = info;
    }

    /// <summary>The order in which its service started it.</summary>
    internal long Sequence { get; }

    /// <summary>The run as it was started.</summary>
    public RunInfo Info { get; }

    /// <summary>The run's id.</summary>
    public RunId Id => Info.Id;

    /// <summary>The run's name.</summary>
    public string Name => Info.Name;

    /// <summary>The run's experiment.</summary>
    public string Experiment => Info.Experiment;

    /// <summary>Whether <see cref="End"/> has been called.</summary>
    public bool IsEnded => _ended;

    /// <summary>Raised once the run has ended (the notebook uses it to forget the active run).</summary>
    public event Action<ActiveRun>? Ended;

    /// <summary>Buffers one metric point stamped now. Non-finite values (a diverging loss) are kept as they are.</summary>
    /// <exception cref="MlopsException">InvalidArgument for an invalid key; InvalidState after the run ended.</exception>
    public void LogMetric(string key, double value, long step = 0)
    {
        if (!KnownKey(key)) Names.Key(key, "metric");
        var now = _time.GetUtcNow();
        // admitted under the buffer's lock, which End closes: no point is buffered after the run ended
        if (!_metrics.TryAppend(_handle, new MetricRow(Info.Id, key, value, step, now.UtcDateTime))) throw Ended_();
        _watch?.Add(key, step, value, now);
    }

    // the last few keys found valid, by reference: a training loop logs the same few string instances again and again,
    // and comparing references is cheaper than checking the characters each time (a stale slot only costs a check)
    private readonly string?[] _validKeys = new string?[8];
    private int _nextKeySlot;

    private bool KnownKey(string key)
    {
        var keys = _validKeys;
        for (var i = 0; i < keys.Length; i++)
            if (ReferenceEquals(keys[i], key)) return true;
        if (!Names.IsValidKey(key)) return false;
        keys[_nextKeySlot++ & 7] = key;
        return true;
    }

    /// <summary>
    /// Starts keeping the points of <paramref name="keys"/> (none: every metric) in memory as they are logged, for a
    /// live view; replaces an earlier watch. Costs a few tens of nanoseconds per watched point.
    /// </summary>
    public MetricWatch Watch(IReadOnlyCollection<string> keys, int maxPoints = 500)
    {
        if (maxPoints < 2) throw MlopsException.Invalid($"maxPoints must be at least 2 (got {maxPoints}).");
        foreach (var key in keys) Names.Key(key, "metric");
        return _watch = new MetricWatch(keys, maxPoints);
    }

    /// <summary>Stops the live watch, if any.</summary>
    public void StopWatching() => _watch = null;

    /// <summary>Buffers several metrics at one step.</summary>
    public void LogMetrics(IEnumerable<KeyValuePair<string, double>> values, long step = 0)
    {
        var list = values.ToList();
        foreach (var (key, _) in list) Names.Key(key, "metric");
        foreach (var (key, value) in list) LogMetric(key, value, step);
    }

    /// <summary>Records a param. Logging a key again with the same value does nothing; with another value it throws.</summary>
    /// <exception cref="MlopsException">Conflict when the key holds another value; InvalidArgument for invalid input.</exception>
    public void LogParam(string key, object? value) =>
        LogParams(new List<KeyValuePair<string, string>> { KeyValuePair.Create(key, ParamValues.ToText(value, key)) });

    /// <summary>
    /// Records params from an anonymous object, a record or options class (public properties and fields), a dictionary
    /// or a sequence of pairs. All or nothing: if one conflicts, none is written.
    /// </summary>
    public void LogParams(object values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var pairs = values as IReadOnlyList<KeyValuePair<string, string>> ?? ParamValues.FromObject(values);
        CheckOpen();
        TrackingService.CheckPairs(pairs, "param");
        var conflicts = _service.Store.LogParams(Id, pairs);
        if (conflicts.Count > 0)
        {
            var detail = string.Join("; ", conflicts.Select(c => $"{c.Key} = {Quote(c.Value)}, so it cannot become {Quote(pairs.First(p => p.Key == c.Key).Value)}"));
            throw MlopsException.Conflict($"a param keeps its first value: run {Id.Short} already has {detail}. Nothing was logged; use another key, or a new run for the new value.");
        }
    }

    /// <summary>Sets a tag (tags, unlike params, may change).</summary>
    public void SetTag(string key, string value) => SetTags([KeyValuePair.Create(key, value)]);

    /// <summary>Sets several tags.</summary>
    public void SetTags(IReadOnlyList<KeyValuePair<string, string>> tags)
    {
        CheckOpen();
        _service.Store.SetTags(Id, TrackingService.CheckPairs(tags, "tag"));
    }

    /// <summary>Replaces the run's note (free text, e.g. what this run tries).</summary>
    public void SetNote(string note)
    {
        CheckOpen();
        ParamValues.CheckValue("note", note, "note");
        _service.Store.SetNote(Id, note);
    }

    /// <summary>
    /// Stores a file (or every file under a folder) by content and records it under <paramref name="name"/>
    /// (default: the file or folder name). The same bytes are stored once however often they are logged.
    /// </summary>
    /// <exception cref="MlopsException">NotFound for a missing path; InvalidArgument for an invalid name.</exception>
    public IReadOnlyList<ArtifactInfo> LogArtifact(string path, string? name = null)
    {
        CheckOpen();
        var full = Path.GetFullPath(path);
        name = ArtifactNames.Check(name ?? Path.GetFileName(full.TrimEnd(Path.DirectorySeparatorChar)));
        if (File.Exists(full)) return [_service.Store.AddArtifact(Id, name, full, _time.GetUtcNow())];
        if (!Directory.Exists(full))
            throw MlopsException.NotFound($"artifact path '{path}' does not exist (looked for {full}).");
        var files = Directory.EnumerateFiles(full, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0) throw MlopsException.Invalid($"folder '{path}' holds no files to log.");
        var names = files.Select(f => ArtifactNames.Check($"{name}/{Path.GetRelativePath(full, f).Replace('\\', '/')}")).ToList();
        return files.Select((f, i) => _service.Store.AddArtifact(Id, names[i], f, _time.GetUtcNow())).ToList();
    }

    /// <summary>
    /// Runs <paramref name="body"/> with this run, then ends it: finished when it returns, failed (with the exception's
    /// message) when it throws. The body's exception always propagates unchanged; should ending the run fail as well,
    /// that failure is attached to it as <c>Data["mlops.end_failure"]</c>.
    /// </summary>
    public T Execute<T>(Func<ActiveRun, T> body)
    {
        T result;
        using (Ambient(this))
        {
            try { result = body(this); }
            catch (Exception e) { EndAfter(e); throw; }
        }
        End();
        return result;
    }

    /// <summary>Runs an async <paramref name="body"/> with this run, then ends it as finished, or as failed when it throws.</summary>
    public async Task<T> ExecuteAsync<T>(Func<ActiveRun, Task<T>> body)
    {
        T result;
        using (Ambient(this))
        {
            try { result = await body(this).ConfigureAwait(false); }
            catch (Exception e) { EndAfter(e); throw; }
        }
        End();
        return result;
    }

    /// <summary>The run whose <see cref="Execute{T}"/> body is running in this async flow, if any.</summary>
    internal static ActiveRun? Current => CurrentRun.Value;

    private static readonly AsyncLocal<ActiveRun?> CurrentRun = new();

    private static Restore Ambient(ActiveRun run)
    {
        var previous = CurrentRun.Value;
        CurrentRun.Value = run;
        return new Restore(previous);
    }

    private readonly struct Restore(ActiveRun? previous) : IDisposable
    {
        public void Dispose() => CurrentRun.Value = previous;
    }

    private void EndAfter(Exception e)
    {
        try { End(RunStatus.Failed, $"{e.GetType().Name}: {e.Message}"); }
        catch (Exception endFailure) { e.Data["mlops.end_failure"] = endFailure.Message; }
    }

    /// <summary>Writes buffered metrics now.</summary>
    /// <exception cref="MlopsException">StoreUnavailable while the store cannot be written (the points stay buffered); the failure's kind when points of this run were refused for good and dropped.</exception>
    public void Flush() => _metrics.Flush(Id);

    /// <summary>Writes buffered metrics, then ends the run with the given status. Ending an ended run does nothing.</summary>
    /// <exception cref="MlopsException">InvalidArgument for status Running; StoreUnavailable when metrics cannot be written (the run stays open).</exception>
    public void End(RunStatus status = RunStatus.Finished, string? reason = null)
    {
        if (status == RunStatus.Running)
            throw MlopsException.Invalid("a run cannot end as 'running'; use finished, failed or killed.");
        if (_ended) return;
        MlopsException? dropped = null;
        lock (_endGate)
        {
            if (_ended) return;
            _metrics.Close(_handle);
            try { _metrics.Flush(Id); }
            catch (MlopsException e) when (e.Kind != MlopsErrorKind.StoreUnavailable) { dropped = e; }
            catch
            {
                _metrics.Reopen(_handle);
                throw;
            }
            // assemblies loaded during the run (ML.NET is often first touched after the start) join the environment
            var assemblies = _service.Environment.LoadedAssemblies();
            var grown = assemblies.Count != _environment.Assemblies.Count || assemblies.Any(a => !_environment.Assemblies.ContainsKey(a.Key));
            _service.Store.EndRun(Id, status, _time.GetUtcNow(), reason, grown ? _environment with { Assemblies = assemblies } : null);
            _ended = true;
        }
        _service.Forget(this);
        Ended?.Invoke(this);
        if (dropped is not null) throw dropped;
    }

    /// <summary>Ends the run as finished if it is still open.</summary>
    public void Dispose() => End(RunStatus.Finished);

    /// <inheritdoc/>
    public override string ToString() => $"run {Id.Short} '{Name}' in {Experiment}";

    private void CheckOpen()
    {
        if (_ended) throw Ended_();
    }

    private MlopsException Ended_() =>
        MlopsException.State($"run {Id.Short} '{Name}' has ended; start a new run to log more.");

    private static string Quote(string value) => value.Length > 40 ? $"'{value[..40]}...'" : $"'{value}'";
}

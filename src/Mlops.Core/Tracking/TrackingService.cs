using System.Collections.Concurrent;

namespace Mlops;

/// <summary>
/// Experiment tracking over one store: validates input, builds entities, captures the environment, buffers metrics.
/// Every front end (C# API, notebook directives, CLI) goes through this class.
/// </summary>
public sealed class TrackingService : IDisposable
{
    private readonly ConcurrentDictionary<RunId, ActiveRun> _open = new();
    private long _started;
    private readonly TrackingOptions _options;

    /// <summary>Creates the service and starts its metric flusher. The store stays owned by the caller.</summary>
    public TrackingService(ITrackingStore store, TrackingOptions? options = null)
    {
        Store = store;
        _options = options ?? new TrackingOptions();
        Metrics = new MetricWriter(store, _options.Metrics, _options.Time);
    }

    /// <summary>The store this service writes to.</summary>
    public ITrackingStore Store { get; }

    /// <summary>The clock the service stamps with.</summary>
    public TimeProvider Time => _options.Time;

    /// <summary>The metric buffer shared by this service's runs.</summary>
    public MetricWriter Metrics { get; }

    /// <summary>Runs this service started that have not ended.</summary>
    public IReadOnlyCollection<ActiveRun> OpenRuns => _open.Values.ToList();

    /// <summary>
    /// The run that dataset loads and commits through this service's client are recorded for: the run whose
    /// <c>Execute</c>/<c>Run</c> body is running in this async flow, else the open run started last; null when none is open.
    /// </summary>
    public ActiveRun? CurrentRun =>
        ActiveRun.Current is { IsEnded: false } ambient && _open.ContainsKey(ambient.Id)
            ? ambient
            : _open.Values.Where(r => !r.IsEnded).MaxBy(r => r.Sequence);

    /// <summary>How the environment is read.</summary>
    public IEnvironmentProbe Environment => _options.Environment;

    /// <summary>The experiment used when none is named.</summary>
    public string DefaultExperiment => _options.DefaultExperiment;

    /// <summary>Returns the experiment of that name, creating it on first use.</summary>
    /// <exception cref="MlopsException">InvalidArgument for an invalid name.</exception>
    public Experiment UseExperiment(string name)
    {
        var valid = Names.Name(name, "experiment");
        var experiment = Store.FindExperiment(valid)
                         ?? Store.EnsureExperiment(new Experiment(Guid.NewGuid().ToString("N")[..12], valid, Time.GetUtcNow()));
        if (experiment.DeletedAt is { } at)
            throw new MlopsException(MlopsErrorKind.InvalidState,
                $"experiment '{experiment.Name}' was deleted at {at:yyyy-MM-dd HH:mm}Z; restore it (mlops experiments restore {experiment.Name}) or use another name.");
        return experiment;
    }

    /// <summary>All experiments with their run counts.</summary>
    public IReadOnlyList<ExperimentSummary> ListExperiments(bool includeDeleted = false) => Store.ListExperiments(includeDeleted);

    /// <summary>Starts a run: creates its experiment if needed, records tags and the environment.</summary>
    /// <exception cref="MlopsException">InvalidArgument for invalid names or tags; NotFound for an unknown parent.</exception>
    public ActiveRun StartRun(RunStart start)
    {
        var name = start.Name is null ? RunNames.Next(Random.Shared) : Names.Name(start.Name, "run name");
        var tags = CheckPairs(start.Tags ?? [], "tag");
        if (start.Parent is { } parent && Store.GetRun(parent) is null)
            throw MlopsException.NotFound($"parent run {parent} does not exist in {Store.Location}.");
        var experiment = UseExperiment(start.Experiment ?? DefaultExperiment);
        var info = new RunInfo(RunId.New(), experiment.Name, name, RunStatus.Running, Time.GetUtcNow(), null, start.Parent, start.Note, null);
        var probe = _options.Environment;
        var environment = probe.Capture();
        var notebook = _options.Notebook();
        var allTags = tags.ToDictionary();
        foreach (var (key, value) in notebook?.Tags() ?? []) allTags.TryAdd(key, value);
        // the notebook's source as it ran, stored once by content however many runs it starts (not hashed again here:
        // storing it hashes it, and a reproduction checks the stored bytes against the recorded SHA-256)
        var source = notebook is not null && File.Exists(notebook.Snapshot) ? notebook : null;
        if (source is not null) allTags.TryAdd(NotebookProvenance.ArtifactTag, source.ArtifactName);
        Store.CreateRun(new NewRun(info, experiment.Id, allTags, environment, probe.CurrentOwner()));
        var run = new ActiveRun(this, info, environment, Interlocked.Increment(ref _started));
        _open[info.Id] = run;
        if (source is not null) run.LogArtifact(source.Snapshot, source.ArtifactName);
        notebook?.Announce(info.Id);
        return run;
    }

    /// <summary>Runs matching the filter, newest first, with params and latest metrics.</summary>
    public RunList ListRuns(RunFilter? filter = null)
    {
        filter ??= new RunFilter();
        if (filter.Limit < 1) throw MlopsException.Invalid($"limit must be at least 1 (got {filter.Limit}).");
        if (filter.Experiment is { } e && Store.FindExperiment(e) is null)
            throw MlopsException.NotFound($"experiment '{e}' does not exist. Known: {KnownExperiments()}.");
        Metrics.Flush();
        ReconcileNow();
        return new RunList(Store.ListRuns(filter));
    }

    /// <summary>Everything about a run, given its id or a unique prefix of at least 4 digits.</summary>
    /// <exception cref="MlopsException">NotFound, or InvalidArgument for a malformed or ambiguous id.</exception>
    public RunDetails GetRun(string idOrPrefix)
    {
        var id = ResolveRunId(idOrPrefix);
        Metrics.Flush();
        ReconcileNow();
        return Store.GetRunDetails([id]).SingleOrDefault() ?? throw MlopsException.NotFound($"run {id} does not exist in {Store.Location}.");
    }

    /// <summary>Each metric's curve for a run, thinned to at most <paramref name="maxPoints"/> points for display.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<MetricPoint>> GetCurves(RunId id, int maxPoints = Downsample.DefaultMaxPoints)
    {
        Metrics.Flush();
        return Store.GetMetricHistories([id]).ToDictionary(h => h.Key, h => Downsample.MinMax(h.Points, maxPoints));
    }

    /// <summary>
    /// Compares runs given by id (or unique prefix), or every run a filter selects: details, and each metric's curve per
    /// run thinned for display. <paramref name="metric"/> is the one the charts focus on (default: the first metric all runs have).
    /// </summary>
    /// <remarks><c>chartParams</c> names the params to chart (default: those that vary and are set in every run, most related to the metric first).</remarks>
    /// <exception cref="MlopsException">InvalidArgument for fewer than two runs, a metric no run has, or a param to chart that no run has.</exception>
    public RunComparison Compare(IReadOnlyList<string>? ids = null, RunFilter? filter = null, string? metric = null,
        MetricAggregate aggregate = MetricAggregate.Last, bool diffOnly = false, bool transpose = false, int maxPoints = 500, IReadOnlyList<string>? chartParams = null)
    {
        if ((ids is null) == (filter is null)) throw MlopsException.Invalid("compare takes run ids, or a filter (--where), not both and not neither.");
        var runIds = ids?.Select(ResolveRunId).Distinct().ToList() ?? ListRuns(filter).Select(r => r.Info.Id).ToList();
        if (ids is not null && runIds.Select(Store.GetRun).FirstOrDefault(r => r?.DeletedAt is not null) is { } deleted)
            throw new MlopsException(MlopsErrorKind.InvalidState, $"run {deleted.Id.Short} ({deleted.Name}) is deleted; restore it to compare it (mlops runs restore {deleted.Id.Short}).");
        if (runIds.Count < 2)
            throw MlopsException.Invalid($"compare needs at least two runs; {(ids is null ? "the filter selects" : "you gave")} {runIds.Count}.");
        Metrics.Flush();
        var runs = Store.GetRunDetails(runIds);
        var keys = runs.SelectMany(r => r.Metrics.Select(m => m.Key)).Distinct().Order(StringComparer.Ordinal).ToList();
        if (metric is not null && !keys.Contains(metric))
            throw MlopsException.Invalid($"no compared run has a metric '{metric}'. They have: {(keys.Count == 0 ? "no metrics" : string.Join(", ", keys))}.");
        metric ??= keys.FirstOrDefault(k => runs.All(r => r.Metrics.Any(m => m.Key == k))) ?? keys.FirstOrDefault();
        var curves = Store.GetMetricHistories(runIds)
            .GroupBy(h => h.Key)
            .ToDictionary(g => g.Key, g => (IReadOnlyDictionary<RunId, IReadOnlyList<MetricPoint>>)g.ToDictionary(h => h.Run, h => Downsample.MinMax(h.Points, maxPoints)));
        var paramKeys = runs.SelectMany(r => r.Params.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        if (chartParams?.FirstOrDefault(p => !paramKeys.Contains(p)) is { } unknown)
            throw MlopsException.Invalid($"no compared run has a param '{unknown}'. They have: {(paramKeys.Count == 0 ? "no params" : string.Join(", ", paramKeys))}.");
        return new RunComparison(runs, metric, aggregate, diffOnly, transpose, curves, chartParams is { Count: > 0 } ? chartParams : null);
    }

    /// <summary>Every point of one metric of a run.</summary>
    public IReadOnlyList<MetricPoint> GetMetricHistory(string idOrPrefix, string key)
    {
        var id = ResolveRunId(idOrPrefix);
        Metrics.Flush();
        return Store.GetMetricHistory(id, Names.Key(key, "metric"));
    }

    /// <summary>
    /// Stores a file by content as an artifact of a run, running or ended (what a run produced after it ended, such as the
    /// executed notebook that started it).
    /// </summary>
    /// <exception cref="MlopsException">NotFound for an unknown run or a missing file; InvalidArgument for an invalid name.</exception>
    public ArtifactInfo AttachArtifact(string idOrPrefix, string path, string? name = null)
    {
        var id = ResolveRunId(idOrPrefix);
        var full = Path.GetFullPath(path);
        if (!File.Exists(full)) throw MlopsException.NotFound($"artifact file '{path}' does not exist (looked for {full}).");
        if (Store.GetRun(id) is null) throw MlopsException.NotFound($"run {id} does not exist in {Store.Location}.");
        return Store.AddArtifact(id, ArtifactNames.Check(name ?? Path.GetFileName(full)), full, Time.GetUtcNow());
    }

    /// <summary>Opens an artifact of a run after verifying its digest.</summary>
    public Stream OpenArtifact(string idOrPrefix, string name) => Store.OpenArtifact(ResolveRunId(idOrPrefix), name);

    /// <summary>Counts and versions of the store.</summary>
    public StoreStatus GetStatus()
    {
        Metrics.Flush();
        return Store.GetStatus();
    }

    /// <summary>Resolves a full run id or a unique prefix (at least 4 hex digits).</summary>
    public RunId ResolveRunId(string idOrPrefix)
    {
        var text = idOrPrefix.Trim().ToLowerInvariant();
        if (RunId.TryParse(text, out var full)) return full;
        if (text.Length is < 4 or > 32 || !RunId.IsHex(text))
            throw MlopsException.Invalid($"'{idOrPrefix}' is not a run id: give the 32 hex digits of a run id or a prefix of at least 4 of them.");
        var matches = Store.FindRunIds(text, 6);
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw MlopsException.NotFound($"no run id starts with '{text}' in {Store.Location}."),
            _ => throw MlopsException.Invalid($"'{text}' matches several runs ({string.Join(", ", matches.Take(5).Select(m => m.Short))}...); give more digits."),
        };
    }

    /// <summary>
    /// Marks as killed the running runs whose owning process on this host is gone (killed, crashed), so they do not
    /// show as running forever. Their end time is their last recorded activity. Returns how many were marked.
    /// </summary>
    public int ReconcileAbandonedRuns()
    {
        _reconciledAt = _options.Time.GetTimestamp();
        var probe = _options.Environment;
        var host = probe.CurrentOwner().Host;
        var marked = Store.EndStalledRuns();
        foreach (var (run, owner) in Store.ListRunningRuns(host))
        {
            if (probe.IsAlive(owner)) continue;
            if (Store.EndRun(run, RunStatus.Killed, null, $"process {owner.ProcessId} on {owner.Host} ended without ending the run"))
                marked++;
        }
        return marked;
    }

    private long _reconciledAt;

    // lists and cards show a killed run as killed within seconds of its heartbeat going stale, not only at the next open
    private void ReconcileNow()
    {
        if (_options.Time.GetElapsedTime(Volatile.Read(ref _reconciledAt)) >= TimeSpan.FromSeconds(5)) ReconcileAbandonedRuns();
    }

    /// <summary>Ends every run this service started that is still open (at process exit, or when switching stores).</summary>
    public void EndOpenRuns(RunStatus status, string reason)
    {
        foreach (var run in OpenRuns) run.End(status, reason);
    }

    /// <summary>Flushes buffered metrics and stops the flusher. Open runs stay running.</summary>
    public void Dispose() => Metrics.Dispose();

    internal void Forget(ActiveRun run) => _open.TryRemove(run.Id, out _);

    internal string KnownExperiments()
    {
        var names = Store.ListExperiments().Select(e => e.Experiment.Name).ToList();
        return names.Count == 0 ? "none yet" : string.Join(", ", names);
    }

    internal static IReadOnlyList<KeyValuePair<string, string>> CheckPairs(IReadOnlyList<KeyValuePair<string, string>> pairs, string what)
    {
        foreach (var (key, value) in pairs)
        {
            Names.Key(key, what);
            ParamValues.CheckValue(key, value, what);
        }
        var duplicate = pairs.GroupBy(p => p.Key).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw MlopsException.Invalid($"{what} '{duplicate.Key}' is given more than once; give each key once.");
        return pairs;
    }
}

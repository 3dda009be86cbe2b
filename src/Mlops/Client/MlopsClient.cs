using Mlops.DuckDb;
using Mlops.Postgres;

namespace Mlops;

/// <summary>
/// The instance API over one store, for programs: start runs, list and inspect them. Open one per store and keep it;
/// it is thread-safe. The static <see cref="MLOps"/> wraps one of these for notebooks and scripts.
/// </summary>
/// <example><code>
/// using var mlops = MlopsClient.Open();                 // .mlops/ in the working folder, or MLOPS_STORE
/// using var run = mlops.StartRun("baseline", experiment: "churn");
/// run.LogParams(new { lr = 0.01, epochs = 10 });
/// for (var step = 0; step &lt; 10; step++) run.LogMetric("loss", 1.0 / (step + 1), step);
/// </code></example>
public sealed class MlopsClient : IDisposable
{
    private readonly ITrackingStore _store;
    private int _closed;

    /// <summary>The engine behind the client, by contract (what a whole-store copy reads and writes).</summary>
    internal (ITrackingStore Tracking, IDatasetStore Datasets, IModelRegistry Registry) Stores { get; }

    private MlopsClient(ITrackingStore store, MlopsClientOptions options, Func<RunId?>? currentRun)
    {
        _store = store;
        var datasets = store is PostgresStore team ? new TeamDatasetStore(team) : (IDatasetStore)store;
        var registry = (IModelRegistry)store;
        Stores = (store, datasets, registry);
        Tracking = new TrackingService(store, options.Tracking);
        var datasetService = new DatasetService(datasets, options.Tracking.Time, options.Tracking.Environment);
        Lifecycle = new LifecycleService(Tracking, datasetService, registry, options.Tracking.Environment, options.Tracking.Time);
        Datasets = new DatasetClient(datasetService, Lifecycle, currentRun ?? (() => Tracking.CurrentRun?.Id));
        Models = new ModelClient(new ModelService(registry, store, Tracking, Datasets.Service, new MLNet.MlNetModelEvaluator(), options.Tracking.Time, options.Tracking.Environment), Tracking);
        Reports = new ReportWriter(this);
        Tracking.ReconcileAbandonedRuns();
        ExitHooks.Register(this);
    }

    /// <summary>The store folder, the team store's URI with any password masked, or ":memory:".</summary>
    public string StoreLocation => _store.Location;

    /// <summary>The tracking service: everything about experiments and runs.</summary>
    public TrackingService Tracking { get; }

    /// <summary>Deleting, restoring and renaming runs and experiments, and garbage collection.</summary>
    public LifecycleService Lifecycle { get; }

    /// <summary>Dataset versioning: commit, log, load, diff, profile, drift.</summary>
    public DatasetClient Datasets { get; }

    /// <summary>The model registry: register, list, alias, promote on evidence, load.</summary>
    public ModelClient Models { get; }

    /// <summary>Self-contained HTML reports of runs, comparisons and experiments.</summary>
    public ReportWriter Reports { get; }

    /// <summary>
    /// Opens the store at <paramref name="location"/>, a folder or a <c>postgresql://</c> URI (default: MLOPS_STORE, else
    /// .mlops in the working folder), creating it if needed.
    /// </summary>
    /// <exception cref="MlopsException">StoreUnavailable when the store cannot be opened; InvalidArgument for a location
    /// that is neither a folder nor a PostgreSQL URI; the message says why and what to do.</exception>
    public static MlopsClient Open(string? location = null, MlopsClientOptions? options = null) => Open(location, options, null);

    /// <summary>Opens the store at <paramref name="location"/> only if there is one (for tools that only read).</summary>
    /// <exception cref="MlopsException">NotFound, naming the location, when it holds no store; StoreUnavailable as for <see cref="Open(string?, MlopsClientOptions?)"/>.</exception>
    public static MlopsClient OpenExisting(string? location = null, MlopsClientOptions? options = null)
    {
        options ??= new MlopsClientOptions();
        return Open(location, options with { Store = options.Store with { CreateIfMissing = false } }, null);
    }

    /// <summary>Opens a client whose dataset commits and loads are recorded for the run <paramref name="currentRun"/> returns.</summary>
    internal static MlopsClient Open(string? location, MlopsClientOptions? options, Func<RunId?>? currentRun)
    {
        options ??= new MlopsClientOptions();
        var address = Mlops.StoreLocation.Parse(location);
        ITrackingStore store = address.Server is { } server
            ? PostgresStore.Open(server, options.Store.CreateIfMissing, options.Store.Time, new DuckDbTableParser())
            : DuckDbStore.Open(address.Text, options.Store);
        try
        {
            return new MlopsClient(store, options, currentRun);
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    /// <summary>A client over a private in-memory store, for tests and scratch work.</summary>
    public static MlopsClient InMemory(MlopsClientOptions? options = null)
    {
        options ??= new MlopsClientOptions();
        return new MlopsClient(DuckDbStore.InMemory(options.Store), options, null);
    }

    /// <summary>Starts a run. Tags may be an anonymous object, a dictionary or pairs.</summary>
    public ActiveRun StartRun(string? name = null, string? experiment = null, object? tags = null, RunId? parent = null, string? note = null) =>
        Tracking.StartRun(new RunStart(name, experiment, tags is null ? null : ParamValues.FromObject(tags), parent, note));

    /// <summary>Runs <paramref name="body"/> in a new run: finished when it returns, failed (with the exception's message) when it throws.</summary>
    public T Run<T>(string name, Func<ActiveRun, T> body, string? experiment = null, RunId? parent = null) =>
        StartRun(name, experiment, parent: parent).Execute(body);

    /// <summary>Runs <paramref name="body"/> in a new run, marking the run failed when it throws.</summary>
    public void Run(string name, Action<ActiveRun> body, string? experiment = null, RunId? parent = null) =>
        Run(name, run => { body(run); return 0; }, experiment, parent);

    /// <summary>Runs an async <paramref name="body"/> in a new run, marking the run failed when it throws.</summary>
    public Task<T> RunAsync<T>(string name, Func<ActiveRun, Task<T>> body, string? experiment = null, RunId? parent = null) =>
        StartRun(name, experiment, parent: parent).ExecuteAsync(body);

    /// <summary>Runs an async <paramref name="body"/> in a new run, marking the run failed when it throws.</summary>
    public Task RunAsync(string name, Func<ActiveRun, Task> body, string? experiment = null, RunId? parent = null) =>
        RunAsync(name, async run => { await body(run).ConfigureAwait(false); return 0; }, experiment, parent);

    /// <summary>Runs, newest first (see <see cref="RunFilter"/>).</summary>
    public RunList ListRuns(RunFilter? filter = null) => Tracking.ListRuns(filter);

    /// <summary>Everything about one run, by id or unique prefix.</summary>
    public RunDetails GetRun(string idOrPrefix)
    {
        var run = Tracking.GetRun(idOrPrefix);
        return run with { Inputs = Datasets.Service.InputsOf(run.Info.Id) };
    }

    /// <summary>Runs matching a filter in the filter language (<see cref="RunQueryParser"/>), sorted by <paramref name="orderBy"/>.</summary>
    public RunList SearchRuns(string where, string? orderBy = null, int limit = RunFilter.DefaultLimit) => ListRuns(RunFilter.Parse(where, orderBy, limit));

    /// <summary>Compares runs by id (or unique prefix): table, curves, parallel coordinates and scatter views.</summary>
    public RunComparison Compare(IReadOnlyList<string> runIds, string? metric = null, MetricAggregate aggregate = MetricAggregate.Last, bool diffOnly = false, bool transpose = false,
        IReadOnlyList<string>? chartParams = null) =>
        Tracking.Compare(runIds, null, metric, aggregate, diffOnly, transpose, chartParams: chartParams);

    /// <summary>Compares the runs a filter selects.</summary>
    public RunComparison Compare(string where, string? metric = null, MetricAggregate aggregate = MetricAggregate.Last, bool diffOnly = false, bool transpose = false,
        IReadOnlyList<string>? chartParams = null) =>
        Tracking.Compare(null, RunFilter.Parse(where, "start_time", int.MaxValue), metric, aggregate, diffOnly, transpose, chartParams: chartParams);

    /// <summary>Every point of one metric of a run.</summary>
    public IReadOnlyList<MetricPoint> GetMetricHistory(string idOrPrefix, string key) => Tracking.GetMetricHistory(idOrPrefix, key);

    /// <summary>Stores a file as an artifact of a run, running or ended (default name: the file's).</summary>
    /// <exception cref="MlopsException">NotFound for an unknown run or a missing file; InvalidArgument for an invalid name.</exception>
    public ArtifactInfo AttachArtifact(string idOrPrefix, string path, string? name = null) => Tracking.AttachArtifact(idOrPrefix, path, name);

    /// <summary>Copies an artifact out of the store after verifying its digest.</summary>
    /// <exception cref="MlopsException">NotFound, or Corrupted when the stored bytes no longer match.</exception>
    public void DownloadArtifact(string idOrPrefix, string name, string destination)
    {
        using var source = Tracking.OpenArtifact(idOrPrefix, name);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(destination))!);
        using var target = File.Create(destination);
        source.CopyTo(target);
    }

    /// <summary>Experiments with run counts.</summary>
    public IReadOnlyList<ExperimentSummary> ListExperiments() => Tracking.ListExperiments();

    /// <summary>Store location, schema version and counts.</summary>
    public StoreStatus GetStatus() => Tracking.GetStatus();

    /// <summary>Writes buffered metrics and closes the store. Runs still open stay running (use <see cref="Close"/> to end them).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 1) return;
        try { Tracking.Dispose(); }
        finally { _store.Dispose(); }
    }

    /// <summary>Ends this client's open runs with <paramref name="status"/>, then disposes it.</summary>
    public void Close(RunStatus status, string reason)
    {
        if (Volatile.Read(ref _closed) == 1) return;
        try { Tracking.EndOpenRuns(status, reason); }
        finally { Dispose(); }
    }
}

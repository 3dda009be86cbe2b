namespace Mlops;

/// <summary>
/// The one static entry point, in the spirit of Serilog's <c>Log</c>: a default store, a current experiment and the
/// active run, shared by notebook cells and magic commands in the same kernel. Named <c>MLOps</c> because
/// <c>Mlops</c> is the namespace.
/// </summary>
/// <example><code>
/// using var run = MLOps.StartRun("baseline");
/// MLOps.LogParams(new { lr = 0.01 });
/// for (var step = 0; step &lt; 100; step++) MLOps.LogMetric("loss", Math.Exp(-step / 20.0), step);
/// MLOps.EndRun();
/// </code></example>
public static class MLOps
{
    // Switch serializes what does store I/O (opening a store, starting a run); the active runs are an immutable array
    // swapped whole, so LogMetric and every other call on the active run take no lock and never wait for that I/O
    private static readonly object Switch = new();
    private static volatile ActiveRun[] _active = [];
    private static volatile MlopsClient? _client;
    private static string? _storeFolder;
    private static string? _experiment;

    /// <summary>The client over the current store, opened on first use (MLOPS_STORE, else .mlops in the working folder).</summary>
    public static MlopsClient Client
    {
        get
        {
            if (_client is { } client) return client;
            lock (Switch) return _client ??= MlopsClient.Open(_storeFolder, null, () => ActiveRun?.Id);
        }
    }

    /// <summary>The experiment new runs go to when none is named.</summary>
    public static string Experiment
    {
        get { return Volatile.Read(ref _experiment) ?? Client.Tracking.DefaultExperiment; }
    }

    /// <summary>Dataset versioning on the current store; versions committed or loaded while a run is active are recorded as its inputs.</summary>
    public static DatasetClient Datasets => Client.Datasets;

    /// <summary>The model registry of the store in use.</summary>
    public static ModelClient Models => Client.Models;

    /// <summary>Where live charts show themselves; the notebook extension sets it.</summary>
    public static ILiveDisplay? LiveDisplay { get; set; }

    /// <summary>
    /// A chart of the active run's metrics (none named: all) that redraws in place while the run logs, at most once per
    /// <paramref name="interval"/> (default 1 second). Dispose it, or end the run, to stop it.
    /// </summary>
    /// <exception cref="MlopsException">InvalidState with no active run or no notebook to show it in.</exception>
    public static LiveChart LiveChart(string[]? metrics = null, TimeSpan? interval = null)
    {
        var display = LiveDisplay ?? throw MlopsException_State("live charts show in a notebook, and no notebook display is set (MLOps.LiveDisplay).");
        var every = interval ?? TimeSpan.FromSeconds(1);
        if (every < TimeSpan.FromMilliseconds(100)) throw new MlopsException(MlopsErrorKind.InvalidArgument, $"a live chart redraws at most every 100 ms (got {every.TotalMilliseconds} ms).");
        return new LiveChart(Require(), metrics ?? [], display, every);
    }

    /// <summary>Compares runs by id or unique prefix.</summary>
    public static RunComparison Compare(params string[] runIds) => Client.Compare(runIds);

    /// <summary>Runs matching a filter, e.g. <c>metrics.auc &gt; 0.9 and params.trainer = 'sdca'</c>.</summary>
    public static RunList SearchRuns(string where, string? orderBy = null, int limit = RunFilter.DefaultLimit) => Client.SearchRuns(where, orderBy, limit);

    /// <summary>The innermost active run, or null.</summary>
    public static ActiveRun? ActiveRun
    {
        get { var active = _active; return active.Length == 0 ? null : active[^1]; }
    }

    /// <summary>Switches to the store in <paramref name="folder"/> (null: the default). Refused while a run is active.</summary>
    /// <exception cref="MlopsException">InvalidState while a run is active; StoreUnavailable when the store cannot be opened.</exception>
    public static MlopsClient UseStore(string? folder)
    {
        lock (Switch)
        {
            if (ActiveRun is { } active)
                throw MlopsException_State($"run {active.Id.Short} '{active.Name}' is active in {_client?.StoreLocation}; end it before switching stores.");
            var opened = MlopsClient.Open(folder, null, () => ActiveRun?.Id);
            _client?.Dispose();
            _client = opened;
            _storeFolder = folder;
            return opened;
        }
    }

    /// <summary>
    /// Names the notebook this kernel runs, for hosts that do not tell the kernel (VS Code): runs started from now on
    /// record its path and the SHA-256 of its saved source, and store that source. A headless run names it already, and wins.
    /// </summary>
    /// <exception cref="MlopsException">NotFound when there is no such file.</exception>
    public static string SourceNotebook(string path)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full)) throw new MlopsException(MlopsErrorKind.NotFound, $"notebook '{path}' does not exist (looked for {full}); give the path of the notebook you are running.");
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(NotebookProvenance.Sha256Variable)))
            Environment.SetEnvironmentVariable(NotebookProvenance.PathVariable, full);
        return Environment.GetEnvironmentVariable(NotebookProvenance.PathVariable)!;
    }

    /// <summary>Makes <paramref name="name"/> the experiment for new runs, creating it on first use.</summary>
    public static Experiment UseExperiment(string name)
    {
        var experiment = Client.Tracking.UseExperiment(name);
        Volatile.Write(ref _experiment, experiment.Name);
        return experiment;
    }

    /// <summary>
    /// Starts a run and makes it the active run. While a run is active, a new run must name it as
    /// <paramref name="parent"/> (it then nests under it, as a sweep's trials under the sweep).
    /// </summary>
    /// <exception cref="MlopsException">InvalidState when a run is active and is not the parent.</exception>
    public static ActiveRun StartRun(string? name = null, string? experiment = null, object? tags = null, RunId? parent = null, string? note = null)
    {
        lock (Switch)
        {
            if (ActiveRun is { } active && parent != active.Id)
                throw MlopsException_State(
                    $"run {active.Id.Short} '{active.Name}' is active. End it first (#!run end, MLOps.EndRun()), or nest the new run under it (#!run start --parent {active.Id.Short}, parent: MLOps.ActiveRun.Id).");
            Starting?.Invoke();
            var run = Client.StartRun(name, experiment ?? Volatile.Read(ref _experiment), tags, parent, note);
            run.Ended += Forget;
            lock (Forgetting) _active = [.. _active, run];
            return run;
        }
    }

    /// <summary>Ends the active run (default: finished); its parent, if any, becomes active again.</summary>
    /// <exception cref="MlopsException">InvalidState when no run is active.</exception>
    public static RunInfo EndRun(RunStatus status = RunStatus.Finished, string? reason = null)
    {
        var run = Require();
        run.End(status, reason);
        return run.Info;
    }

    /// <summary>Logs a metric point to the active run.</summary>
    public static void LogMetric(string key, double value, long step = 0) => Require().LogMetric(key, value, step);

    /// <summary>Logs a param to the active run.</summary>
    public static void LogParam(string key, object? value) => Require().LogParam(key, value);

    /// <summary>Logs params (an anonymous object, options class or dictionary) to the active run.</summary>
    public static void LogParams(object values) => Require().LogParams(values);

    /// <summary>Sets a tag on the active run.</summary>
    public static void SetTag(string key, string value) => Require().SetTag(key, value);

    /// <summary>Stores a file or folder as artifacts of the active run.</summary>
    public static IReadOnlyList<ArtifactInfo> LogArtifact(string path, string? name = null) => Require().LogArtifact(path, name);

    /// <summary>Fits an ML.NET pipeline in the active run, recording params, training time, evaluation metrics and the model (see <see cref="MLNet.RunFitExtensions.Fit"/>).</summary>
    public static MLNet.TrainedModel Fit(Microsoft.ML.MLContext ml, Microsoft.ML.IEstimator<Microsoft.ML.ITransformer> pipeline, Microsoft.ML.IDataView train,
        Microsoft.ML.IDataView? test = null, string? label = null) => MLNet.RunFitExtensions.Fit(Require(), ml, pipeline, train, test, label);

    /// <summary>Runs <paramref name="body"/> as the active run (nested under the current one, if any): finished when it returns, failed when it throws.</summary>
    public static T Run<T>(string name, Func<ActiveRun, T> body, string? experiment = null) =>
        StartRun(name, experiment, parent: ActiveRun?.Id).Execute(body);

    /// <summary>Runs <paramref name="body"/> as the active run, marking it failed when it throws.</summary>
    public static void Run(string name, Action<ActiveRun> body, string? experiment = null) =>
        Run(name, run => { body(run); return 0; }, experiment);

    /// <summary>Runs, newest first.</summary>
    public static RunList ListRuns(RunFilter? filter = null) => Client.ListRuns(filter);

    /// <summary>Everything about a run (default: the active run, else the latest run).</summary>
    public static RunDetails GetRun(string? idOrPrefix = null) => Client.GetRun(idOrPrefix ?? DefaultRunId());

    /// <summary>Deletes runs by id or unique prefix (see <see cref="LifecycleService.DeleteRuns(IReadOnlyList{string})"/>); gc purges them later.</summary>
    public static IReadOnlyList<RunId> DeleteRuns(params string[] runIds) => Client.Lifecycle.DeleteRuns(runIds);

    /// <summary>Deletes every run a filter selects (deleted runs aside); refused when it selects none.</summary>
    public static IReadOnlyList<RunId> DeleteRunsWhere(string where) => Client.Lifecycle.DeleteRuns(where);

    /// <summary>Restores deleted runs.</summary>
    public static IReadOnlyList<RunId> RestoreRuns(params string[] runIds) => Client.Lifecycle.RestoreRuns(runIds);

    /// <summary>The active run's id, else the most recent run's id.</summary>
    /// <exception cref="MlopsException">NotFound when the store has no runs.</exception>
    public static string DefaultRunId() =>
        ActiveRun?.Id.Value ?? Client.ListRuns(new RunFilter(Limit: 1)).FirstOrDefault()?.Info.Id.Value
        ?? throw new MlopsException(MlopsErrorKind.NotFound, $"there are no runs in {Client.StoreLocation} yet; start one with #!run start or MLOps.StartRun().");

    /// <summary>Called inside <see cref="StartRun"/> just before its store I/O; a test logs from another thread meanwhile.</summary>
    internal static Action? Starting { get; set; }

    /// <summary>Forgets the client, experiment and active runs (ending them as killed); for test isolation.</summary>
    internal static void Reset()
    {
        lock (Switch)
        {
            _client?.Close(RunStatus.Killed, "reset");
            _client = null;
            _storeFolder = null;
            _experiment = null;
            _active = [];
        }
    }

    private static ActiveRun Require() => ActiveRun
        ?? throw MlopsException_State("no run is active. Start one first: #!run start --name <name> in a notebook, or MLOps.StartRun(\"name\") in C#.");

    // under its own small lock, not Switch: a run may end while another thread is starting one
    private static readonly object Forgetting = new();

    private static void Forget(ActiveRun run)
    {
        lock (Forgetting) _active = [.. _active.Where(r => r != run)];
    }

    private static MlopsException MlopsException_State(string message) => new(MlopsErrorKind.InvalidState, message);
}

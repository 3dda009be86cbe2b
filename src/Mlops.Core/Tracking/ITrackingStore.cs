namespace Mlops;

/// <summary>
/// Where tracking data lives. Narrow on purpose: the service validates and builds entities; a store only persists
/// and queries them. Every method is atomic: it either does all of its work or throws and changes nothing.
/// </summary>
public interface ITrackingStore : IDisposable
{
    /// <summary>Where the store is (a folder, a connection), for messages.</summary>
    string Location { get; }

    /// <summary>Counts and versions for a status display.</summary>
    StoreStatus GetStatus();

    /// <summary>Returns the experiment with <paramref name="candidate"/>'s name, inserting the candidate if there is none.</summary>
    Experiment EnsureExperiment(Experiment candidate);

    /// <summary>The experiment with this name, or null.</summary>
    Experiment? FindExperiment(string name);

    /// <summary>All experiments with run counts, by name.</summary>
    IReadOnlyList<ExperimentSummary> ListExperiments(bool includeDeleted = false);

    /// <summary>Inserts a new running run with its tags and environment.</summary>
    void CreateRun(NewRun run);

    /// <summary>The run with this id, or null.</summary>
    RunInfo? GetRun(RunId id);

    /// <summary>Ids of runs whose id starts with <paramref name="prefix"/> (lowercase hex), at most <paramref name="limit"/>.</summary>
    IReadOnlyList<RunId> FindRunIds(string prefix, int limit);

    /// <summary>Runs matching the filter with their params and latest metric values, newest first.</summary>
    IReadOnlyList<RunListItem> ListRuns(RunFilter filter);

    /// <summary>Everything about each run, in the order asked; runs that do not exist are left out.</summary>
    IReadOnlyList<RunDetails> GetRunDetails(IReadOnlyList<RunId> ids);

    /// <summary>Running runs owned by processes on <paramref name="host"/>, with their owners.</summary>
    IReadOnlyList<(RunId Run, RunOwner Owner)> ListRunningRuns(string host);

    /// <summary>
    /// Ends as killed the running runs whose owning process, on any machine, stopped reporting that it is alive, and
    /// returns how many. A store shared across machines keeps a heartbeat per run for this; a store whose runs are all
    /// owned by processes of one machine leaves it to <see cref="ListRunningRuns"/> and a process check (returns 0).
    /// </summary>
    int EndStalledRuns() => 0;

    /// <summary>
    /// Ends a running run. Returns false (and changes nothing) when the run is not running any more.
    /// When <paramref name="endTime"/> is null the store uses the run's last recorded activity; a non-null
    /// <paramref name="environment"/> replaces the one captured at start (more assemblies are loaded by the end).
    /// </summary>
    bool EndRun(RunId id, RunStatus status, DateTimeOffset? endTime, string? reason, RunEnvironment? environment = null);

    /// <summary>
    /// Inserts params. Keys already logged with the same value are skipped; if any key is already logged with
    /// another value, nothing is written and the conflicts are returned (key, stored value).
    /// </summary>
    IReadOnlyList<KeyValuePair<string, string>> LogParams(RunId id, IReadOnlyList<KeyValuePair<string, string>> values);

    /// <summary>Sets tags, replacing values of keys already set.</summary>
    void SetTags(RunId id, IReadOnlyList<KeyValuePair<string, string>> tags);

    /// <summary>Replaces the run's note.</summary>
    void SetNote(RunId id, string note);

    /// <summary>
    /// Opens a writer of metric points that holds the store until it is disposed, so a burst of batches costs one
    /// open. The bulk path behind LogMetric.
    /// </summary>
    IMetricAppender OpenMetricAppender();

    /// <summary>Every point of one metric of one run, by step then time.</summary>
    IReadOnlyList<MetricPoint> GetMetricHistory(RunId id, string key);

    /// <summary>Every point of every metric (or of <paramref name="keys"/>) of the runs, by run, key, step and time.</summary>
    IReadOnlyList<MetricHistory> GetMetricHistories(IReadOnlyList<RunId> runs, IReadOnlyList<string>? keys = null);

    /// <summary>Stores a file's bytes by content and records it as an artifact of the run.</summary>
    /// <exception cref="MlopsException">AlreadyExists when the run has an artifact of that name with other bytes.</exception>
    ArtifactInfo AddArtifact(RunId id, string name, string sourceFile, DateTimeOffset at);

    /// <summary>Opens an artifact's bytes after checking them against the recorded digest.</summary>
    /// <exception cref="MlopsException">NotFound, or Corrupted when the bytes no longer match.</exception>
    Stream OpenArtifact(RunId id, string name);

    /// <summary>
    /// Marks runs deleted at <paramref name="at"/>, or restores them (null). Deleted runs leave lists, search and compare
    /// (<see cref="RunFilter.IncludeDeleted"/> brings them back); returns the runs that changed (one already in that state does not).
    /// </summary>
    IReadOnlyList<RunId> SetRunsDeleted(IReadOnlyList<RunId> ids, DateTimeOffset? at);

    /// <summary>Marks an experiment deleted (its runs leave lists with it), or restores it; false when it already was so.</summary>
    bool SetExperimentDeleted(string name, DateTimeOffset? at);

    /// <summary>Renames an experiment; its runs follow.</summary>
    /// <exception cref="MlopsException">NotFound for an unknown experiment; AlreadyExists when the new name is taken.</exception>
    void RenameExperiment(string name, string newName);

    /// <summary>Appends to the lifecycle trail (append-only: no entry is ever changed or removed).</summary>
    void RecordLifecycle(LifecycleEvent entry);

    /// <summary>The lifecycle trail, oldest first.</summary>
    IReadOnlyList<LifecycleEvent> GetLifecycle();

    /// <summary>
    /// Purges what was deleted before <paramref name="cutoff"/> (runs with their params, metrics, tags and artifact records,
    /// then experiments left empty), then stored files nothing refers to, then compacts the store; a dry run changes nothing.
    /// Never purges a run a model version was registered from. Each purged run and experiment is appended to the trail as <paramref name="who"/>.
    /// </summary>
    GcReport CollectGarbage(DateTimeOffset cutoff, bool dryRun, string who, DateTimeOffset now);
}

namespace Mlops;

/// <summary>
/// Deleting, restoring and renaming runs, experiments and dataset versions, and garbage collection, over one store. A
/// delete hides; only <see cref="CollectGarbage"/> removes, and only what was deleted longer ago than the retention. Every
/// delete, restore, rename and purge is appended to the store's lifecycle trail. Every check is made before anything changes.
/// </summary>
public sealed partial class LifecycleService(TrackingService tracking, DatasetService datasets, IModelRegistry registry, IEnvironmentProbe environment, TimeProvider time)
{
    private ITrackingStore Store => tracking.Store;

    /// <summary>Deletes runs given by id or unique prefix.</summary>
    /// <exception cref="MlopsException">NotFound for an unknown run; InvalidState for a run already deleted or still running. Nothing changes then.</exception>
    public IReadOnlyList<RunId> DeleteRuns(IReadOnlyList<string> ids) => Delete(Resolve(ids), null);

    /// <summary>Deletes every run a filter selects (deleted runs aside).</summary>
    /// <exception cref="MlopsException">InvalidArgument when it selects no run; InvalidState when one is still running.</exception>
    public IReadOnlyList<RunId> DeleteRuns(string where)
    {
        var runs = Matching(where);
        if (runs.Count == 0) throw MlopsException.Invalid($"--where \"{where}\" selects no run (deleted runs aside); nothing was deleted.");
        return Delete(runs.Select(r => r.Info).ToList(), where);
    }

    /// <summary>The runs a filter selects for deletion (deleted runs aside), for a confirmation.</summary>
    public IReadOnlyList<RunListItem> Matching(string where) => tracking.ListRuns(RunFilter.Parse(where, "start_time", int.MaxValue));

    /// <summary>Restores deleted runs.</summary>
    /// <exception cref="MlopsException">NotFound for an unknown or purged run; InvalidState for a run that is not deleted.</exception>
    public IReadOnlyList<RunId> RestoreRuns(IReadOnlyList<string> ids)
    {
        var runs = Resolve(ids);
        if (runs.FirstOrDefault(r => r.DeletedAt is null) is { } live)
            throw new MlopsException(MlopsErrorKind.InvalidState, $"run {live.Id.Short} ({live.Name}) is not deleted; nothing was restored.");
        var deletedExperiment = runs.Select(r => Store.FindExperiment(r.Experiment)).FirstOrDefault(e => e?.DeletedAt is not null);
        if (deletedExperiment is not null)
            throw new MlopsException(MlopsErrorKind.InvalidState,
                $"experiment '{deletedExperiment.Name}' is deleted, and its runs with it; restore the experiment (mlops experiments restore {deletedExperiment.Name}).");
        var changed = Store.SetRunsDeleted(runs.Select(r => r.Id).ToList(), null);
        Record("restore", "run", changed.Select(id => id.Value), null);
        return changed;
    }

    /// <summary>Deletes an experiment: it and its runs leave lists until restored or purged.</summary>
    public void DeleteExperiment(string name)
    {
        var experiment = Experiment(name);
        if (experiment.DeletedAt is { } at) throw new MlopsException(MlopsErrorKind.InvalidState, $"experiment '{experiment.Name}' is already deleted (at {at:yyyy-MM-dd HH:mm}Z).");
        var running = tracking.ListRuns(new RunFilter(experiment.Name, RunStatus.Running, Limit: 1));
        if (running.Count > 0)
            throw new MlopsException(MlopsErrorKind.InvalidState, $"experiment '{experiment.Name}' has a running run ({running[0].Info.Id.Short}); end it first.");
        Store.SetExperimentDeleted(experiment.Name, time.GetUtcNow());
        Record("delete", "experiment", [experiment.Name], null);
    }

    /// <summary>Restores a deleted experiment with its runs (those deleted on their own stay deleted).</summary>
    public void RestoreExperiment(string name)
    {
        var experiment = Experiment(name);
        if (experiment.DeletedAt is null) throw new MlopsException(MlopsErrorKind.InvalidState, $"experiment '{experiment.Name}' is not deleted.");
        Store.SetExperimentDeleted(experiment.Name, null);
        Record("restore", "experiment", [experiment.Name], null);
    }

    /// <summary>Renames an experiment.</summary>
    public void RenameExperiment(string name, string newName)
    {
        var experiment = Experiment(name);
        var valid = Names.Name(newName, "experiment name");
        if (Store.FindExperiment(valid) is not null) throw new MlopsException(MlopsErrorKind.AlreadyExists, $"experiment '{valid}' exists already; choose another name.");
        Store.RenameExperiment(experiment.Name, valid);
        Record("rename", "experiment", [experiment.Name], valid);
    }

    /// <summary>Purges what was deleted longer ago than <paramref name="olderThan"/>, and what nothing refers to, then compacts.</summary>
    public GcReport CollectGarbage(TimeSpan olderThan, bool dryRun)
    {
        tracking.Metrics.Flush();
        var now = time.GetUtcNow();
        return Store.CollectGarbage(now - olderThan, dryRun, environment.User(), now);
    }

    /// <summary>The lifecycle trail, oldest first.</summary>
    public IReadOnlyList<LifecycleEvent> History() => Store.GetLifecycle();

    private IReadOnlyList<RunId> Delete(IReadOnlyList<RunInfo> runs, string? where)
    {
        if (runs.FirstOrDefault(r => r.DeletedAt is not null) is { } deleted)
            throw new MlopsException(MlopsErrorKind.InvalidState, $"run {deleted.Id.Short} ({deleted.Name}) is already deleted (at {deleted.DeletedAt:yyyy-MM-dd HH:mm}Z); nothing was deleted.");
        if (runs.FirstOrDefault(r => r.Status == RunStatus.Running) is { } running)
            throw new MlopsException(MlopsErrorKind.InvalidState, $"run {running.Id.Short} ({running.Name}) is running; end it before deleting it. Nothing was deleted.");
        var changed = Store.SetRunsDeleted(runs.Select(r => r.Id).ToList(), time.GetUtcNow());
        Record("delete", "run", changed.Select(id => id.Value), where);
        return changed;
    }

    private List<RunInfo> Resolve(IReadOnlyList<string> ids)
    {
        if (ids.Count == 0) throw MlopsException.Invalid("give at least one run id (or --where \"<filter>\").");
        return ids.Select(id =>
        {
            RunId run;
            try
            {
                run = tracking.ResolveRunId(id);
            }
            catch (MlopsException e) when (e.Kind == MlopsErrorKind.NotFound && Purged(id) is { } purge)
            {
                throw PurgedError(id, purge, e);
            }
            return Store.GetRun(run) ?? throw (Purged(run.Value) is { } gone ? PurgedError(id, gone, null) : MlopsException.NotFound($"run {id} does not exist in {Store.Location}."));
        }).DistinctBy(r => r.Id).ToList();
    }

    private static MlopsException PurgedError(string id, LifecycleEvent purge, Exception? inner) =>
        new(MlopsErrorKind.NotFound, $"run {id} was purged by gc at {purge.At:yyyy-MM-dd HH:mm}Z ({purge.Who}); a purged run cannot be restored.", inner);

    private LifecycleEvent? Purged(string prefix) =>
        Store.GetLifecycle().LastOrDefault(e => e is { Action: "purge", Kind: "run" } && e.Target.StartsWith(prefix, StringComparison.Ordinal));

    private Experiment Experiment(string name) =>
        Store.FindExperiment(Names.Name(name, "experiment name"))
        ?? throw MlopsException.NotFound($"experiment '{name}' does not exist in {Store.Location}. Known: {string.Join(", ", Store.ListExperiments(includeDeleted: true).Select(e => e.Experiment.Name))}.");

    private void Record(string action, string kind, IEnumerable<string> targets, string? detail)
    {
        var (who, at) = (environment.User(), time.GetUtcNow());
        foreach (var target in targets) Store.RecordLifecycle(new LifecycleEvent(0, at, who, action, kind, target, detail));
    }
}

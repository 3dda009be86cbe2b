namespace Mlops;

public sealed partial class LifecycleService
{
    /// <summary>
    /// Deletes a dataset version (<c>name@3</c>): it leaves logs and references, and gc later removes the rows only it
    /// contains. Its number is never given again.
    /// </summary>
    /// <exception cref="MlopsException">NotFound for an unknown version; InvalidState, naming what holds it, for a version
    /// already deleted, one a run or model version that is not deleted used, or one a promotion decision was re-scored on.
    /// Nothing changes then.</exception>
    public DatasetVersion DeleteDatasetVersion(string reference)
    {
        var version = datasets.Find(reference);
        if (version.DeletedAt is { } at)
            throw new MlopsException(MlopsErrorKind.InvalidState, $"{version.Label} is already deleted (at {at:yyyy-MM-dd HH:mm}Z{(version.PurgedAt is null ? "" : ", and purged")}).");
        var holders = HoldersOf(version);
        if (holders.Count > 0)
            throw new MlopsException(MlopsErrorKind.InvalidState, $"{version.Label} is still used: {string.Join("; ", holders)}. Nothing was deleted.");
        var now = time.GetUtcNow();
        if (!datasets.Store.SetVersionDeleted(version, now))
            throw new MlopsException(MlopsErrorKind.InvalidState, $"{version.Label} was deleted meanwhile by another process; nothing was changed.");
        Record("delete", "dataset version", [version.Label], null);
        return version with { DeletedAt = now };
    }

    /// <summary>Restores a deleted dataset version, unless gc purged it.</summary>
    /// <exception cref="MlopsException">NotFound for an unknown or purged version; InvalidState for one that is not deleted.</exception>
    public DatasetVersion RestoreDatasetVersion(string reference)
    {
        var version = datasets.Find(reference);
        if (version.PurgedAt is { } purged)
            throw new MlopsException(MlopsErrorKind.NotFound, $"{version.Label} was purged by gc at {purged:yyyy-MM-dd HH:mm}Z; its rows are gone and a purged version cannot be restored.");
        if (version.DeletedAt is null) throw new MlopsException(MlopsErrorKind.InvalidState, $"{version.Label} is not deleted.");
        if (!datasets.Store.SetVersionDeleted(version, null))
            throw new MlopsException(MlopsErrorKind.InvalidState, $"{version.Label} was restored or purged meanwhile by another process; nothing was changed.");
        Record("restore", "dataset version", [version.Label], null);
        return version with { DeletedAt = null };
    }

    /// <summary>What keeps a version from being deleted: runs and model versions (not deleted) that used it, and decisions re-scored on it.</summary>
    private List<string> HoldersOf(DatasetVersion version)
    {
        var holders = new List<string>();
        var runs = version.Runs.Select(id => Store.GetRun(id)).OfType<RunInfo>()
            .Where(r => r.DeletedAt is null && Store.FindExperiment(r.Experiment)?.DeletedAt is null).ToList();
        if (runs.Count > 0)
            holders.Add($"{Wording.Count(runs.Count, "run")} that {(runs.Count == 1 ? "is" : "are")} not deleted used it ({Listed(runs.Select(r => $"{r.Id.Short} {r.Name}"))}); delete {(runs.Count == 1 ? "it" : "them")} first (mlops runs delete {string.Join(" ", runs.Take(3).Select(r => r.Id.Short))})");
        var models = registry.ListModels().Select(m => m.Name).ToList();
        var trained = models.SelectMany(registry.GetModelVersions)
            .Where(v => v.DeletedAt is null && v.Inputs.Any(i => i.Dataset == version.Dataset && i.Version == version.Number)).ToList();
        if (trained.Count > 0)
            holders.Add($"model version{(trained.Count == 1 ? "" : "s")} {Listed(trained.Select(v => v.Reference))} came from a run that used it; delete {(trained.Count == 1 ? "that version" : "those versions")} first");
        var decisions = models.SelectMany(registry.GetDecisions)
            .Where(d => d.Dataset == version.Dataset && d.DatasetVersion == version.Number).ToList();
        if (decisions.Count > 0)
            holders.Add($"{Wording.Count(decisions.Count, "promotion decision")} re-scored models on it ({Listed(decisions.Select(d => $"#{d.Id} {d.Model}@{d.Alias} {d.OutcomeText} {d.At:yyyy-MM-dd}"))}), and a decision's evidence is kept for good");
        return holders;
    }

    private static string Listed(IEnumerable<string> items)
    {
        var list = items.ToList();
        return list.Count <= 3 ? string.Join(", ", list) : $"{string.Join(", ", list.Take(3))} and {list.Count - 3} more";
    }
}

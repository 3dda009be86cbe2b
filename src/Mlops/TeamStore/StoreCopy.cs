namespace Mlops;

/// <summary>
/// <c>mlops store copy &lt;from&gt; &lt;to&gt;</c>: everything of one store into an empty one, on any engines (a folder to a
/// server, a server to a folder, server to server): experiments, runs with their params, tags, metrics and artifacts,
/// datasets with every version and their lineage, models with every version, aliases and the decision trail, in the
/// order they were made, so numbers stay the same. Each dataset version's digest and every count are checked after.
/// </summary>
public static class StoreCopy
{
    /// <summary>What was copied.</summary>
    public sealed record Summary(int Experiments, int Runs, long MetricPoints, int Artifacts, int Datasets, int DatasetVersions, int Models, int ModelVersions, int Decisions);

    /// <summary>Copies the store at <paramref name="from"/> into the empty store at <paramref name="to"/> (created if missing).</summary>
    /// <exception cref="MlopsException">InvalidArgument when the target already holds anything (nothing is written);
    /// Corrupted when a check after the copy fails.</exception>
    public static Summary Run(string from, string to, IProgress<string>? progress = null)
    {
        if (StoreLocation.Describe(from) == StoreLocation.Describe(to))
            throw new MlopsException(MlopsErrorKind.InvalidArgument, "the source and the target of a copy are the same store.");
        using var source = MlopsClient.OpenExisting(from);
        using var target = MlopsClient.Open(to);
        var (sourceRuns, sourceData, sourceModels) = source.Stores;
        var (targetRuns, targetData, targetModels) = target.Stores;
        var held = targetRuns.GetStatus();
        if (held.Runs > 0 || held.Experiments > 0 || targetData.ListDatasets().Count > 0 || targetModels.ListModels().Count > 0)
            throw new MlopsException(MlopsErrorKind.InvalidArgument,
                $"{held.Location} is not empty ({held.Experiments} experiments, {held.Runs} runs); a copy goes into an empty store, so nothing of either is mixed. Nothing was written.");

        // deleted experiments and runs too, deleted in the copy as in the source (gc has not purged them yet)
        var experiments = sourceRuns.ListExperiments(includeDeleted: true);
        foreach (var e in experiments) targetRuns.EnsureExperiment(e.Experiment);
        progress?.Report($"{experiments.Count} experiments");

        var ids = sourceRuns.ListRuns(new RunFilter(Limit: int.MaxValue) { IncludeDeleted = true }).Select(r => r.Info.Id).ToList();
        long points = 0;
        var artifacts = 0;
        var done = 0;
        // parents before children: a run names its parent
        var details = ids.Chunk(200).SelectMany(chunk => sourceRuns.GetRunDetails(chunk)).OrderBy(d => d.Info.StartTime).ThenBy(d => d.Info.ParentId is null ? 0 : 1).ToList();
        var experimentIds = experiments.ToDictionary(e => e.Experiment.Name, e => e.Experiment.Id);
        var created = new HashSet<RunId>();
        foreach (var run in Parents(details))
        {
            (points, artifacts) = CopyRun(run, experimentIds[run.Info.Experiment], sourceRuns, targetRuns, points, artifacts);
            created.Add(run.Info.Id);
            if (++done % 100 == 0 || done == details.Count) progress?.Report($"{done:N0} of {details.Count:N0} runs, {points:N0} metric points, {artifacts:N0} artifacts");
        }

        var deletedExperiments = experiments.Where(e => e.Experiment.DeletedAt is not null).ToDictionary(e => e.Experiment.Name, e => e.Experiment.DeletedAt!.Value);
        // a run's DeletedAt is its own, or its experiment's
        foreach (var group in details.Where(d => d.Info.DeletedAt is { } at && deletedExperiments.GetValueOrDefault(d.Info.Experiment) != at).GroupBy(d => d.Info.DeletedAt))
            targetRuns.SetRunsDeleted(group.Select(d => d.Info.Id).ToList(), group.Key);
        foreach (var (name, at) in deletedExperiments) targetRuns.SetExperimentDeleted(name, at);
        foreach (var entry in sourceRuns.GetLifecycle()) targetRuns.RecordLifecycle(entry);

        var (datasets, versions) = CopyDatasets(sourceData, targetData, created, progress);
        var (models, modelVersions, decisions) = CopyModels(sourceModels, targetModels, progress);

        var copied = targetRuns.GetStatus();
        var original = sourceRuns.GetStatus();
        if (copied.Runs != original.Runs || copied.MetricPoints != original.MetricPoints || copied.Experiments != original.Experiments)
            throw new MlopsException(MlopsErrorKind.Corrupted,
                $"the copy differs from its source: {copied.Runs} runs and {copied.MetricPoints} points against {original.Runs} and {original.MetricPoints}.");
        return new Summary(experiments.Count, details.Count, points, artifacts, datasets, versions, models, modelVersions, decisions);
    }

    private static IEnumerable<RunDetails> Parents(List<RunDetails> runs)
    {
        var byId = runs.ToDictionary(r => r.Info.Id);
        var emitted = new HashSet<RunId>();
        IEnumerable<RunDetails> Emit(RunDetails run)
        {
            if (!emitted.Add(run.Info.Id)) yield break;
            if (run.Info.ParentId is { } parent && byId.TryGetValue(parent, out var p))
                foreach (var before in Emit(p)) yield return before;
            yield return run;
        }
        return runs.SelectMany(Emit);
    }

    private static (long Points, int Artifacts) CopyRun(RunDetails run, string experimentId, ITrackingStore from, ITrackingStore to, long points, int artifacts)
    {
        var info = run.Info;
        var environment = run.Environment ?? new RunEnvironment("", "", "", new Dictionary<string, string>(), null, null, null, "", "", "", 0);
        to.CreateRun(new NewRun(info with { Status = RunStatus.Running, EndTime = null, StatusReason = null }, experimentId, run.Tags, environment,
            new RunOwner(environment.Machine, environment.ProcessId, info.StartTime)));
        if (run.Params.Count > 0) to.LogParams(info.Id, [.. run.Params]);
        var histories = from.GetMetricHistories([info.Id]);
        if (histories.Count > 0)
        {
            var rows = histories.SelectMany(h => h.Points.Select(p => new MetricRow(info.Id, h.Key, p.Value, p.Step, p.Timestamp.UtcDateTime))).ToArray();
            using var appender = to.OpenMetricAppender();
            appender.Append([new ArraySegment<MetricRow>(rows)]);
            points += rows.Length;
        }
        foreach (var artifact in run.Artifacts)
        {
            var temp = Path.Combine(Path.GetTempPath(), "mlops-copy-" + Guid.NewGuid().ToString("N"));
            try
            {
                using (var bytes = from.OpenArtifact(info.Id, artifact.Name))
                using (var file = File.Create(temp))
                    bytes.CopyTo(file);
                var copied = to.AddArtifact(info.Id, artifact.Name, temp, artifact.CreatedAt);
                if (copied.Digest != artifact.Digest)
                    throw new MlopsException(MlopsErrorKind.Corrupted, $"artifact '{artifact.Name}' of run {info.Id.Short} changed on its way: sha256 {copied.Digest} against {artifact.Digest}.");
            }
            finally
            {
                File.Delete(temp);
            }
            artifacts++;
        }
        if (info.Status != RunStatus.Running)
            to.EndRun(info.Id, info.Status, info.EndTime ?? info.StartTime, info.StatusReason, run.Environment);
        return (points, artifacts);
    }

    private static (int Datasets, int Versions) CopyDatasets(IDatasetStore from, IDatasetStore to, HashSet<RunId> runs, IProgress<string>? progress)
    {
        var datasets = from.ListDatasets(includeDeleted: true);
        var count = 0;
        foreach (var dataset in datasets)
        {
            var all = from.GetVersions(dataset.Name, includeDeleted: true).OrderBy(v => v.Number).ToList();
            var key = from.GetKey(dataset.Name);
            var (keyPending, first) = (false, true);
            DatasetVersion? previous = null;
            // deletions are replayed in time between the commits, as the source saw them: a commit's content is matched
            // against the versions that were not deleted then
            var deletions = all.Where(v => v.DeletedAt is not null).OrderBy(v => v.DeletedAt).ToList();
            void DeleteUpTo(DateTimeOffset until, int added)
            {
                foreach (var deleted in deletions.Where(d => d.DeletedAt <= until && d.Number <= added).ToList())
                {
                    to.SetVersionDeleted(deleted, deleted.DeletedAt);
                    deletions.Remove(deleted);
                }
            }
            foreach (var version in all)
            {
                DeleteUpTo(version.CreatedAt, version.Number - 1);
                count++;
                if (version.PurgedAt is not null)
                {
                    // gc purged its rows: it keeps its place (number, digest, counts), with none
                    to.AddPurgedVersion(version);
                    continue;
                }
                List<object?[]> rows;
                using (var reader = from.OpenVersion(version))
                {
                    rows = [];
                    while (reader.Read())
                    {
                        var values = new object?[reader.FieldCount];
                        for (var c = 0; c < values.Length; c++) values[c] = reader.IsDBNull(c) ? null : reader.GetValue(c);
                        rows.Add(values);
                    }
                }
                // content equal to an earlier version (not deleted) was a rollback: made the latest again as a new version
                var rollback = to.GetVersions(dataset.Name).Any(v => v.Digest == version.Digest);
                var renames = previous is null ? new Dictionary<string, string>() : from.GetRenames(previous, version);
                DatasetCommitResult Commit(IReadOnlyList<string>? withKey) => to.Commit(new DatasetCommit(dataset.Name, new RowsSource(version.Label, version.Columns, rows),
                    withKey, renames, version.Message, version.Author, null, version.CreatedAt, rollback));
                DatasetCommitResult result;
                // each version with the key it was committed with, so its change counts are taken by the same key
                if (version.Key is { } recorded) result = Commit(recorded);
                else
                {
                    // a version from before stores recorded its key: the dataset's key from the first such version it
                    // identifies, those before it without
                    try
                    {
                        result = Commit(first || keyPending ? key : null);
                        keyPending = false;
                    }
                    catch (MlopsException e) when (key.Count > 0 && (first || keyPending) && e.Kind == MlopsErrorKind.InvalidArgument && e.Message.Contains("key", StringComparison.Ordinal))
                    {
                        result = Commit(first ? [] : null);
                        keyPending = true;
                    }
                }
                if (result.Version.Number != version.Number || result.Version.Digest != version.Digest)
                    throw new MlopsException(MlopsErrorKind.Corrupted,
                        $"{version.Label} became {result.Version.Label} with digest {result.Version.Digest[..12]}... in the copy (it has {version.Digest[..12]}...); the copy is not faithful.");
                foreach (var run in version.Runs.Where(runs.Contains))
                    foreach (var input in from.GetRunInputs(run).Where(x => x.Dataset == dataset.Name && x.Version == version.Number))
                        to.RecordUse(run, result.Version, input.Use, input.At);
                (previous, first) = (version, false);
            }
            DeleteUpTo(DateTimeOffset.MaxValue, int.MaxValue);
            progress?.Report($"dataset {dataset.Name}: {all.Count} versions");
        }
        return (datasets.Count, count);
    }

    private static (int Models, int Versions, int Decisions) CopyModels(IModelRegistry from, IModelRegistry to, IProgress<string>? progress)
    {
        var models = from.ListModels();
        var versions = 0;
        foreach (var model in models)
            foreach (var version in from.GetModelVersions(model.Name).OrderBy(v => v.Version))
            {
                var copied = to.RegisterVersion(version);
                if (copied.Version != version.Version)
                    throw new MlopsException(MlopsErrorKind.Corrupted, $"{version.Reference} became {copied.Reference} in the copy.");
                versions++;
            }
        // the decision trail in the order it was made, across models: each moves the alias from the holder it found
        var decisions = models.SelectMany(m => from.GetDecisions(m.Name)).OrderBy(d => d.Id).ToList();
        var holders = new Dictionary<(string, string), int?>();
        foreach (var decision in decisions)
        {
            var slot = (decision.Model, decision.Alias);
            if (decision.Moved)
            {
                var (moved, _, _) = to.MoveAlias(decision, holders.GetValueOrDefault(slot));
                if (!moved) throw new MlopsException(MlopsErrorKind.Corrupted, $"decision #{decision.Id} of {decision.Model} could not be replayed in the copy.");
                holders[slot] = decision.Candidate;
            }
            else to.AppendDecision(decision);
        }
        // deleted versions stay deleted (after the trail is replayed: an alias may have held one before it was deleted)
        foreach (var model in models)
            foreach (var deleted in from.GetModelVersions(model.Name).Where(v => v.DeletedAt is not null))
                to.SetModelVersionDeleted(deleted.Model, deleted.Version, deleted.DeletedAt!.Value);
        progress?.Report($"{models.Count} models, {versions} versions, {decisions.Count} decisions");
        return (models.Count, versions, decisions.Count);
    }
}

namespace Mlops;

/// <summary>
/// The model registry: registers versions of models logged by runs, resolves <c>name</c>, <c>name/3</c> and
/// <c>name@alias</c>, sets aliases, and promotes with evidence: both models re-scored on one pinned dataset version, a
/// gate evaluated on the results, the alias moved only if it passes, and every decision appended to the history.
/// </summary>
public sealed class ModelService(IModelRegistry registry, ITrackingStore tracking, TrackingService runs, DatasetService datasets,
    IModelEvaluator evaluator, TimeProvider time, IEnvironmentProbe environment)
{
    /// <summary>The model evaluator (its metric names, for gates and help).</summary>
    public IModelEvaluator Evaluator => evaluator;

    /// <summary>Registers the model file a run logged as the next version of <paramref name="model"/>.</summary>
    /// <param name="model">The model name (created by its first version).</param>
    /// <param name="run">The source run's id or a unique prefix.</param>
    /// <param name="artifact">The artifact's name in the run; by default the run's only .zip artifact.</param>
    /// <param name="label">The label column evaluation compares predictions with; by default the run's <c>label</c> param, else <c>Label</c>.</param>
    /// <param name="description">What this version is.</param>
    /// <exception cref="MlopsException">NotFound for an unknown run or artifact, InvalidArgument when the run has no model
    /// or the artifact is not one, Corrupted when its bytes no longer match their digest. Nothing is registered.</exception>
    public ModelVersion Register(string model, string run, string? artifact = null, string? label = null, string? description = null)
    {
        var name = ModelNames.Model(model);
        var details = tracking.GetRunDetails([runs.ResolveRunId(run)]).Single();
        var chosen = ChooseArtifact(details, artifact);
        using var stream = tracking.OpenArtifact(details.Info.Id, chosen.Name);
        var signature = evaluator.Inspect(stream, label ?? details.Params.GetValueOrDefault("label"));
        var version = new ModelVersion(name, 0, details.Info.Id, chosen.Name, chosen.Digest, chosen.Size, signature,
            details.Metrics.ToDictionary(m => m.Key, m => m.Latest), details.Params, datasets.InputsOf(details.Info.Id),
            description, environment.User(), time.GetUtcNow());
        return registry.RegisterVersion(version);
    }

    /// <summary>Every model with its latest version and aliases.</summary>
    public IReadOnlyList<ModelSummary> List() => registry.ListModels();

    /// <summary>A model's versions (newest first) and decisions (oldest first).</summary>
    /// <exception cref="MlopsException">NotFound naming the models that exist.</exception>
    public ModelDetails Get(string model)
    {
        var name = ModelNames.Model(model);
        var summary = registry.GetModel(name) ?? throw NoSuchModel(name);
        return new ModelDetails(summary, registry.GetModelVersions(name), registry.GetDecisions(name));
    }

    /// <summary>Resolves <c>name</c> (latest version), <c>name/3</c> or <c>name@alias</c>.</summary>
    /// <exception cref="MlopsException">NotFound for an unknown model, version or alias, naming what exists.</exception>
    public ModelVersion Resolve(string reference)
    {
        var parsed = ModelNames.Parse(reference);
        var versions = registry.GetModelVersions(parsed.Model);
        if (parsed.Version is { } number) return Pick(parsed.Model, versions, number);
        if (versions.Count == 0) throw NoSuchModel(parsed.Model);
        if (parsed.Alias is { } alias)
        {
            // the versions carry the aliases that point at them, read in the same query
            if (versions.FirstOrDefault(v => v.Aliases.Contains(alias)) is { } held) return held;
            var aliases = versions.SelectMany(v => v.Aliases).Order(StringComparer.Ordinal).ToList();
            throw MlopsException.NotFound($"{parsed.Model} has no alias '{alias}'; {(aliases.Count == 0 ? "it has no aliases yet" : "its aliases are " + string.Join(", ", aliases))}.");
        }
        return versions.FirstOrDefault(v => v.DeletedAt is null)
               ?? throw new MlopsException(MlopsErrorKind.InvalidState, $"every version of {parsed.Model} is deleted; register a new one.");
    }

    private ModelVersion Pick(string model, IReadOnlyList<ModelVersion> versions, int number, bool deletedToo = false)
    {
        if (versions.Count == 0) throw NoSuchModel(model);
        var version = versions.FirstOrDefault(v => v.Version == number)
                      ?? throw MlopsException.NotFound($"{model} has no version {number}; {Wording.Versions(versions.Where(v => v.DeletedAt is null).Select(v => v.Version))}.");
        if (version.DeletedAt is { } at && !deletedToo)
            throw new MlopsException(MlopsErrorKind.InvalidState, $"{version.Reference} was deleted at {at:yyyy-MM-dd HH:mm}Z; it is kept only for the decisions that name it.");
        return version;
    }

    /// <summary>
    /// Deletes a model version (<c>name/3</c>): it can no longer be resolved, promoted or loaded, and is kept with its bytes
    /// for the decisions that name it (gc never purges it). Its number is never given again.
    /// </summary>
    /// <exception cref="MlopsException">InvalidArgument without a version number; NotFound for an unknown version;
    /// InvalidState while an alias points at it, or when it is deleted already. Nothing changes then.</exception>
    public ModelVersion DeleteVersion(string reference)
    {
        var parsed = ModelNames.Parse(reference);
        if (parsed.Version is not { } number)
            throw MlopsException.Invalid($"give the version to delete as name/<version> (e.g. {parsed.Model}/3), not '{reference}'.");
        var version = Pick(parsed.Model, registry.GetModelVersions(parsed.Model), number, deletedToo: true);
        if (version.DeletedAt is { } at) throw new MlopsException(MlopsErrorKind.InvalidState, $"{version.Reference} is already deleted (at {at:yyyy-MM-dd HH:mm}Z).");
        if (version.Aliases.Count > 0)
            throw new MlopsException(MlopsErrorKind.InvalidState,
                $"{version.Reference} is {string.Join(" and ", version.Aliases.Select(a => $"{version.Model}@{a}"))}: an alias points at it. Move the alias to another version first; nothing was deleted.");
        var now = time.GetUtcNow();
        registry.SetModelVersionDeleted(version.Model, version.Version, now);
        tracking.RecordLifecycle(new LifecycleEvent(0, now, environment.User(), "delete", "model version", version.Reference, null));
        return version with { DeletedAt = now };
    }

    /// <summary>Reads a version's model bytes, checked against their digest.</summary>
    /// <exception cref="MlopsException">NotFound, or Corrupted when the stored bytes no longer match.</exception>
    public ModelBytes Open(string reference)
    {
        var version = Resolve(reference);
        return new ModelBytes(version, ReadVerified(version));
    }

    /// <summary>A model's versions and decisions, for the history view.</summary>
    public ModelDetails History(string model) => Get(model);

    /// <summary>
    /// Points <paramref name="alias"/> at a version directly, with no gate; recorded as an ungated decision with the
    /// version it replaces.
    /// </summary>
    /// <exception cref="MlopsException">NotFound, InvalidArgument, or Conflict when another change moved the alias meanwhile.</exception>
    public PromotionResult SetAlias(string model, int version, string alias, string? reason = null)
    {
        var candidate = Resolve($"{ModelNames.Model(model)}/{version}");
        var name = ModelNames.Alias(alias);
        var holder = registry.GetModelAlias(candidate.Model, name);
        var incumbent = holder is { } h ? Resolve($"{candidate.Model}/{h}") : null;
        var decision = Decision(candidate, incumbent, name, DecisionOutcome.AliasSet, null, null, [], new Dictionary<string, double>(), new Dictionary<string, double>(), reason);
        var (moved, now, recorded) = registry.MoveAlias(decision, holder);
        if (!moved) throw Conflict(candidate.Model, name, holder, now);
        return new PromotionResult(recorded, candidate, incumbent, null);
    }

    /// <summary>
    /// Promotes a version to an alias on evidence: loads the candidate and the version holding the alias, scores both
    /// on the pinned dataset version, evaluates the gate on the results (metrics logged earlier are not used), and moves
    /// the alias only if it passes, or with <paramref name="force"/> and a reason. Every attempt is appended to the history.
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="version">The candidate version.</param>
    /// <param name="alias">The alias to move, e.g. champion.</param>
    /// <param name="on">The dataset version both are scored on, e.g. <c>customers@3</c>.</param>
    /// <param name="gate">The gate, e.g. <c>auc &gt;= champion.auc + 0.005</c>; none: the alias moves after scoring.</param>
    /// <param name="force">Move even when the gate fails; needs <paramref name="reason"/>.</param>
    /// <param name="reason">Why; required with <paramref name="force"/>.</param>
    /// <returns>The decision and its evidence; <see cref="PromotionResult.Moved"/> says whether the alias moved.</returns>
    /// <exception cref="MlopsException">NotFound or InvalidArgument for bad input (nothing is recorded); Conflict when another
    /// promotion moved the alias while this one scored (recorded as a conflict); Corrupted when model bytes no longer match.</exception>
    public PromotionResult Promote(string model, int version, string alias, string on, string? gate = null, bool force = false, string? reason = null)
    {
        // one read of the model's versions gives the candidate, the alias's holder and the incumbent
        var versions = registry.GetModelVersions(ModelNames.Model(model));
        var candidate = Pick(model, versions, version);
        var name = ModelNames.Alias(alias);
        if (force && string.IsNullOrWhiteSpace(reason))
            throw MlopsException.Invalid("--force needs --reason \"<why>\": a forced promotion records why the gate was overruled.");
        var data = datasets.Resolve(on);
        var incumbent = versions.FirstOrDefault(v => v.Aliases.Contains(name));
        var holder = incumbent?.Version;
        if (holder == candidate.Version)
            throw new MlopsException(MlopsErrorKind.InvalidState, $"{candidate.Model}@{name} is already version {holder}; promote another version.");
        if (candidate.Signature.Task == ModelTask.Unknown)
            throw MlopsException.Invalid($"{candidate.Reference} is not a regression, binary or multiclass model (its output has no Score column), so it cannot be re-scored.");
        if (incumbent is not null && incumbent.Signature.Task != candidate.Signature.Task)
            throw MlopsException.Invalid($"{candidate.Reference} is {candidate.Signature.TaskName} and {incumbent.Reference} (at {name}) is {incumbent.Signature.TaskName}; a gate compares models of one task.");
        foreach (var v in new[] { candidate, incumbent }.OfType<ModelVersion>())
        {
            if (SchemaFit.Problems(v.Signature, data.Columns) is { Count: > 0 } problems)
                throw MlopsException.Invalid($"{data.Dataset}@{data.Number} does not fit {v.Reference}: {string.Join("; ", problems)}. Its columns: {string.Join(", ", data.Columns.Select(c => $"{c.Name} ({c.Type})"))}.");
            if (v.Signature.Label is null)
                throw MlopsException.Invalid($"{v.Reference} has no label column to evaluate against; register it again with --label <column>.");
        }
        var parsed = gate is null ? null : Gate.Parse(gate, name, evaluator.MetricNames(candidate.Signature.Task).ToHashSet(StringComparer.Ordinal), evaluator.ShortNames);

        var scored = new[] { candidate, incumbent }.OfType<ModelVersion>().ToList();
        IReadOnlyList<IReadOnlyDictionary<string, double>> scores;
        // the rows start coming while the models' bytes are read and loaded, and scoring starts on the first of them
        using (var rows = datasets.OpenColumns(data, ModelSignature.InputsOf(scored.Select(v => v.Signature))))
        {
            var models = new List<(ModelVersion Version, MemoryStream Bytes)>();
            try
            {
                foreach (var v in scored) models.Add((v, new MemoryStream(ReadVerified(v))));
                scores = evaluator.Evaluate(models.Select(m => ((Stream)m.Bytes, m.Version.Signature)).ToList(), rows);
            }
            finally
            {
                foreach (var (_, stream) in models) stream.Dispose();
            }
        }
        var candidateMetrics = scores[0];
        var incumbentMetrics = incumbent is null ? new Dictionary<string, double>() : scores[1];
        var verdict = parsed?.Evaluate(candidateMetrics, incumbent is null ? null : incumbentMetrics);
        var passed = verdict?.Passed ?? true;
        var outcome = passed ? DecisionOutcome.Passed : force ? DecisionOutcome.Forced : DecisionOutcome.GateFailed;
        var decision = Decision(candidate, incumbent, name, outcome, data, gate, verdict?.Terms ?? [], candidateMetrics, incumbentMetrics, reason);
        if (outcome == DecisionOutcome.GateFailed)
            return new PromotionResult(registry.AppendDecision(decision), candidate, incumbent, data);
        BeforeAliasMove?.Invoke(decision);
        var (moved, now, recorded) = registry.MoveAlias(decision, holder);
        if (!moved) throw Conflict(candidate.Model, name, holder, now);
        return new PromotionResult(recorded, candidate, incumbent, data);
    }

    /// <summary>For tests of racing promotions: runs after scoring, before the alias moves.</summary>
    internal static Action<PromotionDecision>? BeforeAliasMove { get; set; }

    private PromotionDecision Decision(ModelVersion candidate, ModelVersion? incumbent, string alias, DecisionOutcome outcome, DatasetVersion? data,
        string? gate, IReadOnlyList<GateTermResult> terms, IReadOnlyDictionary<string, double> candidateMetrics,
        IReadOnlyDictionary<string, double> incumbentMetrics, string? reason) =>
        new(0, candidate.Model, alias, outcome, candidate.Version, incumbent?.Version, data?.Dataset, data?.Number, data?.Digest, gate, terms,
            candidateMetrics, incumbentMetrics, string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(), environment.User(), time.GetUtcNow());

    // by the digest the version points at, not the run's artifact name: what was registered is what is scored and loaded
    private byte[] ReadVerified(ModelVersion version)
    {
        using var stream = registry.OpenModel(version);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static ArtifactInfo ChooseArtifact(RunDetails run, string? artifact)
    {
        if (artifact is not null)
            return run.Artifacts.FirstOrDefault(a => a.Name == artifact)
                   ?? throw MlopsException.NotFound($"run {run.Info.Id.Short} has no artifact '{artifact}'; {Names(run)}.");
        var models = run.Artifacts.Where(a => a.Name.EndsWith(".zip", StringComparison.OrdinalIgnoreCase)).ToList();
        return models.Count switch
        {
            1 => models[0],
            0 => throw MlopsException.Invalid($"run {run.Info.Id.Short} ({run.Info.Name}) has no model artifact (a .zip saved with mlContext.Model.Save and logged with the run); {Names(run)}."),
            _ => throw MlopsException.Invalid($"run {run.Info.Id.Short} has {models.Count} .zip artifacts ({string.Join(", ", models.Select(m => m.Name))}); name one with --artifact."),
        };
    }

    private static string Names(RunDetails run) =>
        run.Artifacts.Count == 0 ? "it has no artifacts" : "its artifacts are " + string.Join(", ", run.Artifacts.Select(a => a.Name));

    private MlopsException NoSuchModel(string name)
    {
        var models = registry.ListModels();
        return MlopsException.NotFound($"model '{name}' does not exist; {(models.Count == 0 ? "no model is registered yet (#!model register <name> --run <run-id>)" : "the models are " + string.Join(", ", models.Select(m => m.Name)))}.");
    }

    private static MlopsException Conflict(string model, string alias, int? expected, int? now) =>
        new(MlopsErrorKind.Conflict, $"{model}@{alias} moved while this promotion was scoring: it was {(expected is { } e ? "version " + e : "unset")} and is now version {now}. Nothing moved; the attempt is in the history. Promote again to compare with the new holder.");
}

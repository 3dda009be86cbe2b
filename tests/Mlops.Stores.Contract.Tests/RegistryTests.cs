namespace Mlops.Stores.Contract.Tests;

public class RegistryTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);

    private static ModelVersion Version(RunId run, ArtifactInfo artifact) => new(
        "churn", 0, run, artifact.Name, artifact.Digest, artifact.Size,
        new ModelSignature([new SchemaColumn("Age", "Single"), new SchemaColumn("Plan", "String")], [new SchemaColumn("Score", "Single")], ModelTask.BinaryClassification, "Churned"),
        new Dictionary<string, double> { ["auc"] = 0.91, ["log_loss"] = double.NaN }, new Dictionary<string, string> { ["lr"] = "0.1" }, [], "first", "ds@laptop", At);

    private static PromotionDecision Decision(int candidate, int? incumbent, DecisionOutcome outcome = DecisionOutcome.AliasSet) => new(
        0, "churn", "champion", outcome, candidate, incumbent, "houses", 3, "abc123", "auc >= 0.9",
        [new GateTermResult("auc >= 0.9", 0.91, 0.9, true, null)], new Dictionary<string, double> { ["auc"] = 0.91 }, new Dictionary<string, double>(),
        null, "ds@laptop", At);

    private static (StoreUnderTest Store, ModelVersion V1, ModelVersion V2) TwoVersions(string engine)
    {
        var s = Engines.Open(engine);
        var file = Path.Combine(s.Folder, "model.zip");
        File.WriteAllText(file, "model bytes");
        var run = s.Tracking.StartRun(new RunStart("train"));
        var artifact = run.LogArtifact(file).Single();
        run.End();
        var v1 = s.Registry.RegisterVersion(Version(run.Id, artifact));
        var v2 = s.Registry.RegisterVersion(Version(run.Id, artifact) with { Description = "second" });
        return (s, v1, v2);
    }

    [Theory, MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void Versions_are_numbered_by_the_store_and_read_back_whole(string engine)
    {
        var (s, v1, v2) = TwoVersions(engine);
        using var _ = s;
        Assert.Equal((1, 2), (v1.Version, v2.Version));
        var versions = s.Registry.GetModelVersions("churn");
        Assert.Equal([2, 1], versions.Select(v => v.Version));
        var read = versions[1];
        Assert.Equal(v1.Signature.Inputs, read.Signature.Inputs);
        Assert.Equal(ModelTask.BinaryClassification, read.Signature.Task);
        Assert.Equal(0.91, read.Metrics["auc"]);
        Assert.True(double.IsNaN(read.Metrics["log_loss"]));
        Assert.Equal("0.1", read.Params["lr"]);
        Assert.Equal(At, read.CreatedAt);
        var model = s.Registry.GetModel("churn")!;
        Assert.Equal((2, 2), (model.Versions, model.LatestVersion));
        Assert.Null(s.Registry.GetModel("nope"));
        using var bytes = new StreamReader(s.Registry.OpenModel(read));
        Assert.Equal("model bytes", bytes.ReadToEnd());
    }

    [Theory, MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void An_alias_moves_only_from_the_version_expected_and_every_attempt_is_a_decision(string engine)
    {
        var (s, _, _) = TwoVersions(engine);
        using var __ = s;
        var (moved, holder, first) = s.Registry.MoveAlias(Decision(1, null), expected: null);
        Assert.True(moved);
        Assert.Equal(1, holder);
        Assert.Equal(1, s.Registry.GetModelAlias("churn", "champion"));

        // a second attempt that still believes the alias is unset loses: nothing moves, the conflict is recorded
        var (lost, now, conflict) = s.Registry.MoveAlias(Decision(2, null), expected: null);
        Assert.False(lost);
        Assert.Equal(1, now);
        Assert.Equal(DecisionOutcome.Conflict, conflict.Outcome);

        var (won, _, second) = s.Registry.MoveAlias(Decision(2, 1, DecisionOutcome.Passed), expected: 1);
        Assert.True(won);
        Assert.Equal(2, s.Registry.GetModelAlias("churn", "champion"));
        Assert.Equal(["champion"], s.Registry.GetModelVersions("churn").Single(v => v.Version == 2).Aliases);

        var failed = s.Registry.AppendDecision(Decision(1, 2, DecisionOutcome.GateFailed));
        var decisions = s.Registry.GetDecisions("churn");
        Assert.Equal([first.Id, conflict.Id, second.Id, failed.Id], decisions.Select(d => d.Id));
        Assert.True(decisions.Zip(decisions.Skip(1)).All(p => p.First.Id < p.Second.Id));
        Assert.Equal([DecisionOutcome.AliasSet, DecisionOutcome.Conflict, DecisionOutcome.Passed, DecisionOutcome.GateFailed], decisions.Select(d => d.Outcome));
        var read = decisions[2];
        Assert.Equal(("houses", 3, "abc123", "auc >= 0.9"), (read.Dataset, read.DatasetVersion, read.DatasetDigest, read.Gate));
        Assert.Equal(0.91, read.Terms.Single().Left);
        Assert.Contains("ds@laptop", read.Who);
        Assert.Equal(2, s.Registry.GetModel("churn")!.Aliases["champion"]);
    }

    [Theory, MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void A_decision_on_a_model_that_does_not_exist_is_refused(string engine)
    {
        using var s = Engines.Open(engine);
        Assert.Equal(MlopsErrorKind.NotFound, Assert.Throws<MlopsException>(() => s.Registry.AppendDecision(Decision(1, null))).Kind);
        Assert.Empty(s.Registry.ListModels());
    }

    [Theory, MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void A_version_an_alias_holds_is_not_deleted_and_a_deleted_one_is_kept_but_no_longer_resolved(string engine)
    {
        var (s, v1, v2) = TwoVersions(engine);
        using var _ = s;
        var models = new ModelService(s.Registry, s.Store, s.Tracking, new DatasetService(s.Datasets, TimeProvider.System, s.Tracking.Environment), null!,
            TimeProvider.System, s.Tracking.Environment);
        s.Registry.MoveAlias(Decision(1, null), expected: null);

        var held = Assert.Throws<MlopsException>(() => models.DeleteVersion("churn/1"));
        Assert.Contains("churn/1 is churn@champion: an alias points at it. Move the alias", held.Message);
        Assert.Contains("name/<version>", Assert.Throws<MlopsException>(() => models.DeleteVersion("churn@champion")).Message);
        Assert.Equal(MlopsErrorKind.NotFound, Assert.Throws<MlopsException>(() => models.DeleteVersion("churn/9")).Kind);

        Assert.NotNull(models.DeleteVersion("churn/2").DeletedAt);

        Assert.NotNull(s.Registry.GetModelVersions("churn").Single(v => v.Version == 2).DeletedAt);   // kept, marked
        Assert.Contains("churn/2 was deleted", Assert.Throws<MlopsException>(() => models.Resolve("churn/2")).Message);
        Assert.Equal(1, models.Resolve("churn").Version);   // the latest version left
        Assert.Contains("already deleted", Assert.Throws<MlopsException>(() => models.DeleteVersion("churn/2")).Message);
        Assert.Equal(3, s.Registry.RegisterVersion(v1 with { Version = 0 }).Version);   // its number is never given again
        Assert.Equal("delete model version churn/2", s.Store.GetLifecycle().Select(e => $"{e.Action} {e.Kind} {e.Target}").Single());
        Assert.Equal(v2.Digest, s.Registry.GetModelVersions("churn").Single(v => v.Version == 2).Digest);
    }
}

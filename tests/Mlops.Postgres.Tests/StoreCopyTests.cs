namespace Mlops.Postgres.Tests;

/// <summary>mlops store copy: a folder to a server and back, with nothing lost or changed.</summary>
public class StoreCopyTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);

    private static void Fill(MlopsClient client, string folder)
    {
        using (var parent = client.StartRun("sweep", experiment: "churn", tags: new { stage = "dev" }, note: "a sweep"))
        {
            parent.LogParams(new { trainer = "sdca" });
            for (var i = 0; i < 3; i++)
            {
                using var child = client.StartRun($"trial-{i}", experiment: "churn", parent: parent.Id);
                child.LogParams(new { lr = 0.1 * (i + 1) });
                for (var s = 0; s < 500; s++) child.LogMetric("loss", Math.Exp(-s / 50.0) + i, s);
                child.LogMetric("auc", 0.8 + 0.01 * i);
            }
            var file = Path.Combine(folder, "model.zip");
            File.WriteAllBytes(file, Enumerable.Range(0, 3_000_000).Select(i => (byte)(i * 7)).ToArray());   // several 1 MiB chunks
            parent.LogArtifact(file);
        }
        using (var failed = client.StartRun("broken", experiment: "other")) failed.End(RunStatus.Failed, "out of memory");
        var csv = Path.Combine(folder, "homes.csv");
        File.WriteAllText(csv, "id,city,price,sold\n1,Oslo,100.5,2024-01-01\n2,Bergen,200,2024-02-01\n");
        client.Datasets.Commit("homes", csv, key: ["id"]);
        File.WriteAllText(csv, "id,city,price,sold\n1,Oslo,110.5,2024-01-01\n3,Tromsø,,2024-03-01\n");
        client.Datasets.Commit("homes", csv);
        File.WriteAllText(csv, "id,city,price,sold\n1,Oslo,100.5,2024-01-01\n2,Bergen,200,2024-02-01\n");
        client.Datasets.Commit("homes", csv, rollback: true);
        // a declared rename, with a key chosen then that the first version does not have
        File.WriteAllText(csv, "id,city,n\n1,Oslo,3\n2,Bergen,4\n");
        client.Datasets.Commit("shops", csv);
        File.WriteAllText(csv, "id,town,n\n1,Oslo,3\n2,Bergen,5\n");
        client.Datasets.Commit("shops", csv, key: ["town"], renames: new Dictionary<string, string> { ["city"] = "town" });
        // a key that changes from one set of columns to another: each version's counts by the key it was committed with
        File.WriteAllText(csv, "id,code,n\n1,a,1\n2,b,2\n");
        client.Datasets.Commit("rekeyed", csv, key: ["id"]);
        File.WriteAllText(csv, "id,code,n\n1,a,1\n2,c,5\n");
        client.Datasets.Commit("rekeyed", csv);   // by id: row 2 changed
        File.WriteAllText(csv, "id,code,n\n1,a,1\n2,c,6\n");
        client.Datasets.Commit("rekeyed", csv, key: ["code"]);
        // deleted versions stay deleted in a copy, and a purged one keeps its number and record with no rows
        foreach (var rows in new[] { "1,a", "1,a\n2,b", "1,a\n3,c", "1,a\n4,d" })
        {
            File.WriteAllText(csv, "id,v\n" + rows + "\n");
            client.Datasets.Commit("scratch", csv);
        }
        client.Datasets.Delete("scratch@2");
        Assert.Equal(1, client.Lifecycle.CollectGarbage(TimeSpan.Zero, dryRun: false).DatasetVersions);
        client.Datasets.Delete("scratch@4");
        var (tracking, _, registry) = client.Stores;
        var run = client.ListRuns(new RunFilter(Limit: 10)).Single(r => r.Info.Name == "sweep").Info.Id;
        var artifact = tracking.GetRunDetails([run])[0].Artifacts.Single();
        var version = new ModelVersion("churn", 0, run, artifact.Name, artifact.Digest, artifact.Size, new ModelSignature([], [], ModelTask.Regression, "y"),
            new Dictionary<string, double> { ["rmse"] = 1.5 }, new Dictionary<string, string>(), [], null, "ds", At);
        registry.RegisterVersion(version);
        registry.RegisterVersion(version);
        PromotionDecision Decide(DecisionOutcome outcome, int candidate, int? incumbent) => new(0, "churn", "champion", outcome, candidate, incumbent,
            "homes", 1, client.Datasets.Get("homes@1").Digest, "rmse < 2", [], new Dictionary<string, double>(), new Dictionary<string, double>(), null, "ds", At);
        registry.MoveAlias(Decide(DecisionOutcome.AliasSet, 1, null), null);
        registry.AppendDecision(Decide(DecisionOutcome.GateFailed, 2, 1));
        registry.MoveAlias(Decide(DecisionOutcome.Passed, 2, 1), 1);
    }

    private static object Snapshot(MlopsClient client)
    {
        var runs = client.ListRuns(new RunFilter(Limit: 100));
        var details = runs.Select(r => client.GetRun(r.Info.Id.Value)).OrderBy(d => d.Info.Name).ToList();
        var (tracking, datasets, registry) = client.Stores;
        return new
        {
            Runs = details.Select(d => $"{d.Info.Id}|{d.Info.Name}|{d.Info.Experiment}|{d.Info.Status}|{d.Info.ParentId}|{d.Info.Note}|{d.Info.StatusReason}|{d.Info.StartTime:O}|{d.Info.EndTime:O}|" +
                                       string.Join(",", d.Params.OrderBy(p => p.Key).Select(p => $"{p.Key}={p.Value}")) + "|" + string.Join(",", d.Tags.OrderBy(p => p.Key).Select(p => $"{p.Key}={p.Value}")) + "|" +
                                       string.Join(",", d.Metrics.Select(m => $"{m.Key}:{m.Count}:{m.Latest}:{m.Min}:{m.Max}")) + "|" + string.Join(",", d.Artifacts.Select(a => $"{a.Name}:{a.Digest}")) + "|" +
                                       string.Join(",", d.Inputs.Select(i => $"{i.Dataset}@{i.Version}:{i.Use}"))).ToList(),
            Points = tracking.GetMetricHistories(runs.Select(r => r.Info.Id).ToList()).SelectMany(h => h.Points.Select(p => $"{h.Run}{h.Key}{p.Step}{p.Value}{p.Timestamp:O}")).Order().ToList(),
            Versions = datasets.GetVersions("homes").Select(v => $"{v.Number}:{v.Digest}:{v.Rows}:{v.Added}:{v.Removed}:{v.Message}").ToList(),
            Shops = datasets.GetVersions("shops").Select(v => $"{v.Number}:{v.Digest}:{v.Rows}:{v.Added}:{v.Removed}:{v.Changed}").ToList(),
            ShopsKey = datasets.GetKey("shops"),
            Rekeyed = datasets.GetVersions("rekeyed").Select(v => $"{v.Number}:{v.Digest}:{v.Added}:{v.Removed}:{v.Changed}:{string.Join(",", v.Key ?? [])}").ToList(),
            Scratch = datasets.GetVersions("scratch", includeDeleted: true).Select(v => $"{v.Number}:{v.Digest}:{v.Rows}:{v.DeletedAt:O}:{v.PurgedAt:O}").ToList(),
            ScratchRows = client.Datasets.Load("scratch@3").Rows.Count,
            ShopsRenames = datasets.GetRenames(datasets.GetVersions("shops")[1], datasets.GetVersions("shops")[0]),
            ShopsChanges = client.Datasets.Diff("shops@1", "shops@2", key: ["id"]).SchemaChanges.Select(ch => $"{ch.Column}:{ch.Kind}:{ch.OldName}").ToList(),
            Models = registry.GetModelVersions("churn").Select(v => $"{v.Version}:{v.Digest}:{string.Join(",", v.Aliases)}").ToList(),
            Decisions = registry.GetDecisions("churn").Select(d => $"{d.Id}:{d.Outcome}:{d.Candidate}:{d.Incumbent}:{d.DatasetDigest}").ToList(),
        };
    }

    [Fact]
    public void A_folder_store_copied_to_a_server_and_back_is_the_same_store()
    {
        using var temp = new TempFolder();
        var folder = temp.Combine("original");
        var server = PostgresServer.Shared.NewDatabase("copy");
        var back = temp.Combine("back");
        using (var client = MlopsClient.Open(folder)) Fill(client, temp.Path);

        var there = StoreCopy.Run(folder, server);
        StoreCopy.Run(server, back);

        Assert.Equal((2, 5, 1_503L, 1, 4, 12, 1, 2, 3), (there.Experiments, there.Runs, there.MetricPoints, there.Artifacts, there.Datasets, there.DatasetVersions, there.Models, there.ModelVersions, there.Decisions));
        using var original = MlopsClient.OpenExisting(folder);
        using var copy = MlopsClient.OpenExisting(server);
        using var returned = MlopsClient.OpenExisting(back);
        var expected = System.Text.Json.JsonSerializer.Serialize(Snapshot(original));
        Assert.Equal(expected, System.Text.Json.JsonSerializer.Serialize(Snapshot(copy)));
        Assert.Equal(expected, System.Text.Json.JsonSerializer.Serialize(Snapshot(returned)));
        Assert.Contains("\"ShopsRenames\":{\"city\":\"town\"}", expected);
        Assert.Contains("town:Renamed:city", expected);
        Assert.Contains("\"ShopsKey\":[\"town\"]", expected);
        Assert.Contains(":0:0:1\"", expected);   // shops@2: one row changed under the key
        Assert.Contains(":0:0:1:id\"", expected);   // rekeyed@2: counted by id, as when it was committed
        Assert.Equal(["4 deleted", "3 ", "2 deleted purged", "1 "], returned.Datasets.Log("scratch", includeDeleted: true)
            .Select(v => $"{v.Number} {(v.DeletedAt is null ? "" : "deleted")}{(v.PurgedAt is null ? "" : " purged")}"));
        var sweep = original.ListRuns(new RunFilter(Limit: 10)).Single(r => r.Info.Name == "sweep").Info.Id.Value;
        using (var a = new StreamReader(original.Tracking.OpenArtifact(sweep, "model.zip")))
        using (var b = new StreamReader(copy.Tracking.OpenArtifact(sweep, "model.zip")))
            Assert.Equal(a.ReadToEnd(), b.ReadToEnd());
        // a report is the same file whatever engine the same content is on
        Assert.Equal(original.Reports.Run(sweep), copy.Reports.Run(sweep));
        Assert.Equal(original.Reports.Run(sweep), returned.Reports.Run(sweep));
    }

    [Fact]
    public void A_copy_into_a_store_that_holds_anything_is_refused_and_writes_nothing()
    {
        using var temp = new TempFolder();
        var server = PostgresServer.Shared.NewDatabase("copy");
        using (var client = MlopsClient.Open(temp.Combine("a"))) client.StartRun("one").End();
        using (var client = MlopsClient.Open(server)) client.StartRun("already-here").End();

        var e = Assert.Throws<MlopsException>(() => StoreCopy.Run(temp.Combine("a"), server));
        Assert.Equal(MlopsErrorKind.InvalidArgument, e.Kind);
        Assert.Contains("not empty", e.Message);
        using var target = MlopsClient.OpenExisting(server);
        Assert.Equal(["already-here"], target.ListRuns().Select(r => r.Info.Name));
    }
}

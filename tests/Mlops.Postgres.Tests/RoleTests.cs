using Npgsql;

namespace Mlops.Postgres.Tests;

/// <summary>Roles and the audit trail, enforced by the server itself.</summary>
public class RoleTests
{
    private static string Database(string store) => store[(store.LastIndexOf('/') + 1)..];

    private static string As(string store, string role) => store.Replace("postgresql://postgres@", $"postgresql://{role}@");

    private static (string Store, string Model) StoreWithADecision()
    {
        var store = PostgresServer.Shared.NewDatabase();
        using var client = MlopsClient.Open(store);
        var run = client.StartRun("train");
        var file = Path.GetTempFileName();
        File.WriteAllText(file, "weights");
        run.LogArtifact(file, "model.zip");
        File.Delete(file);
        run.End();
        var location = PostgresLocation.Parse(store);
        using var registry = PostgresStore.Open(location);
        var version = ((IModelRegistry)registry).RegisterVersion(new ModelVersion("churn", 0, run.Id, "model.zip", run.Id.Value, 7,
            new ModelSignature([], [], ModelTask.Regression, null), new Dictionary<string, double>(), new Dictionary<string, string>(), [], null, "ds", DateTimeOffset.UtcNow));
        ((IModelRegistry)registry).MoveAlias(new PromotionDecision(0, "churn", "champion", DecisionOutcome.AliasSet, version.Version, null, null, null, null, null, [],
            new Dictionary<string, double>(), new Dictionary<string, double>(), "first", "ds", DateTimeOffset.UtcNow), null);
        return (store, "churn");
    }

    [Fact]
    public void A_read_role_lists_shows_and_reports_and_anything_that_writes_is_refused_naming_the_role()
    {
        var (store, _) = StoreWithADecision();
        var role = "reader_" + Guid.NewGuid().ToString("N")[..8];
        PostgresServer.Shared.Execute("postgres", $"CREATE ROLE {role} LOGIN");
        StoreAdmin.Grant(store, role, write: false);

        using var reader = MlopsClient.OpenExisting(As(store, role));
        var run = Assert.Single(reader.ListRuns());
        Assert.Equal("train", reader.GetRun(run.Info.Id.Value).Info.Name);
        using (var bytes = new StreamReader(reader.Tracking.OpenArtifact(run.Info.Id.Value, "model.zip"))) Assert.Equal("weights", bytes.ReadToEnd());
        Assert.Single(reader.Models.History("churn").Decisions);
        Assert.Contains("train", reader.Reports.Run(run.Info.Id.Value));

        var e = Assert.Throws<MlopsException>(() => reader.StartRun("not-allowed"));
        Assert.Equal(MlopsErrorKind.StoreUnavailable, e.Kind);
        Assert.Contains($"Role '{role}'", e.Message);
        Assert.Contains("--write", e.Message);
        using var owner = MlopsClient.OpenExisting(store);
        Assert.Single(owner.ListRuns());
    }

    [Fact]
    public void Decisions_are_append_only_in_the_server_for_the_roles_we_grant_and_for_the_owner()
    {
        var (store, _) = StoreWithADecision();
        var role = "writer_" + Guid.NewGuid().ToString("N")[..8];
        PostgresServer.Shared.Execute("postgres", $"CREATE ROLE {role} LOGIN");
        StoreAdmin.Grant(store, role, write: true);

        foreach (var who in new[] { role, "postgres" })
            foreach (var sql in new[] { "UPDATE mlops.model_decisions SET outcome = 'Passed'", "DELETE FROM mlops.model_decisions", "TRUNCATE mlops.model_decisions" })
            {
                using var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={PostgresServer.Shared.Port};Username={who};Database={Database(store)};Pooling=false");
                connection.Open();
                using var command = new NpgsqlCommand(sql, connection);
                var e = Assert.Throws<PostgresException>(() => command.ExecuteNonQuery());
                Assert.Equal("42501", e.SqlState);
            }
        using var client = MlopsClient.OpenExisting(store);
        var decision = Assert.Single(client.Models.History("churn").Decisions);
        Assert.StartsWith("postgres (", decision.Who);   // the database role that made it, the OS user beside it
    }

    [Fact]
    public void A_store_with_a_newer_schema_is_refused_saying_so_and_left_unchanged()
    {
        var store = PostgresServer.Shared.NewDatabase();
        MlopsClient.Open(store).Dispose();
        PostgresServer.Shared.Execute(Database(store), "INSERT INTO mlops.mlops_schema VALUES (999, 'from the future', now())");

        var e = Assert.Throws<MlopsException>(() => MlopsClient.Open(store));
        Assert.Equal(MlopsErrorKind.StoreUnavailable, e.Kind);
        Assert.Contains("schema version 999", e.Message);
        Assert.Contains("newer", e.Message);
    }

    [Fact]
    public void A_folder_cannot_be_granted_to_a_role_and_an_unknown_role_is_named()
    {
        Assert.Contains("file permissions", Assert.Throws<MlopsException>(() => StoreAdmin.Grant(Path.GetTempPath(), "ds", write: false)).Message);
        var store = PostgresServer.Shared.NewDatabase();
        var e = Assert.Throws<MlopsException>(() => StoreAdmin.Grant(store, "no_such_role", write: false));
        Assert.Equal(MlopsErrorKind.NotFound, e.Kind);
        Assert.Contains("no_such_role", e.Message);
        Assert.Equal(MlopsErrorKind.InvalidArgument, Assert.Throws<MlopsException>(() => StoreAdmin.Grant(store, "x; DROP TABLE runs", write: true)).Kind);
    }
}

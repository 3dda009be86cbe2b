using Npgsql;

namespace Mlops.Postgres;

/// <summary>
/// Brings a team store's schema up to date in one transaction that holds an advisory lock, so several processes
/// opening a fresh database at once create the schema once; PostgreSQL's DDL is transactional, so a failed migration
/// leaves nothing behind. A store newer than this code is refused.
/// </summary>
internal static class PgMigrator
{
    // pg_advisory_xact_lock key: "mlops" in ASCII
    private const long LockKey = 0x6D6C6F7073;

    /// <summary>Applies the missing migrations (when <paramref name="create"/>) and returns the schema version.</summary>
    public static int Apply(NpgsqlConnection connection, IReadOnlyList<PgMigration> migrations, PostgresLocation location, bool create, DateTimeOffset now)
    {
        var latest = migrations[^1].Version;
        var current = CurrentVersion(connection);
        if (current > latest) throw Newer(location, current, latest);
        if (current == latest) return latest;
        if (!create && current == 0)
            throw new MlopsException(MlopsErrorKind.NotFound,
                $"there is no store in {location.Display} (the database has no {PgDatabase.SchemaName} schema). Check the location; " +
                "a store is made by mlops store init <uri>, #!mlops use <uri>, or the first write.");
        return connection.InTransaction(() =>
        {
            connection.Execute("SELECT pg_advisory_xact_lock($1)", LockKey);
            // another process may have migrated while this one waited for the lock
            var now_ = CurrentVersion(connection);
            if (now_ > latest) throw Newer(location, now_, latest);
            if (now_ == 0)
                connection.Execute($"""
                    CREATE SCHEMA IF NOT EXISTS {PgDatabase.SchemaName};
                    CREATE TABLE {PgDatabase.SchemaName}.mlops_schema (version integer PRIMARY KEY, description text NOT NULL, applied_at timestamptz NOT NULL);
                    """);
            foreach (var migration in migrations.Where(m => m.Version > now_))
            {
                connection.Execute(migration.Sql);
                connection.Execute("INSERT INTO mlops_schema VALUES ($1, $2, $3)", migration.Version, migration.Description, now);
            }
            return latest;
        });
    }

    /// <summary>The schema version of the store; 0 when the database has none.</summary>
    public static int CurrentVersion(NpgsqlConnection connection)
    {
        var exists = connection.Scalar<bool>(
            "SELECT EXISTS (SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = 'mlops_schema')", PgDatabase.SchemaName);
        return exists ? connection.Scalar<int?>("SELECT max(version) FROM mlops_schema") ?? 0 : 0;
    }

    private static MlopsException Newer(PostgresLocation location, int current, int latest) => new(MlopsErrorKind.StoreUnavailable,
        $"The store {location.Display} has schema version {current}, written by a newer Mlops; this one understands up to version {latest}. " +
        "Upgrade the Mlops packages (nothing was changed).");
}

/// <summary>One forward step of the team store's schema.</summary>
internal sealed record PgMigration(int Version, string Description, string Sql);

using System.Text.RegularExpressions;

namespace Mlops.Postgres;

public sealed partial class PostgresStore
{
    /// <summary>
    /// Gives a PostgreSQL role the use of the store: <paramref name="write"/> false lets it list, show, compare, report and
    /// load; true also lets it log runs, register and promote. Decisions stay append-only for every role. What
    /// <c>mlops store grant</c> does; the caller needs the right to grant on the store's schema (its owner, say).
    /// </summary>
    /// <exception cref="MlopsException">InvalidArgument for a name that is not a role name; NotFound when the server has no such role.</exception>
    public static void Grant(PostgresLocation location, string role, bool write)
    {
        if (!RoleName().IsMatch(role))
            throw new MlopsException(MlopsErrorKind.InvalidArgument, $"'{role}' is not a role name: use letters, digits, _ and $ (at most 63), starting with a letter or _.");
        using var store = Open(location, createIfMissing: true);
        store._db.Use(c =>
        {
            if (!c.Scalar<bool>("SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)", role))
                throw new MlopsException(MlopsErrorKind.NotFound,
                    $"the server at {location.Server} has no role '{role}'. Create it first (CREATE ROLE {role} LOGIN), then grant it the store.");
            var quoted = "\"" + role + "\"";
            c.InTransaction(() =>
            {
                c.Execute($"""
                    GRANT USAGE ON SCHEMA {PgDatabase.SchemaName} TO {quoted};
                    GRANT SELECT ON ALL TABLES IN SCHEMA {PgDatabase.SchemaName} TO {quoted};
                    GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA {PgDatabase.SchemaName} TO {quoted};
                    """);
                if (write)
                    c.Execute($"""
                        GRANT INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {PgDatabase.SchemaName} TO {quoted};
                        GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {PgDatabase.SchemaName} TO {quoted};
                        REVOKE UPDATE, DELETE, TRUNCATE ON model_decisions FROM {quoted};
                        """);
                else
                    c.Execute($"""
                        REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON ALL TABLES IN SCHEMA {PgDatabase.SchemaName} FROM {quoted};
                        REVOKE USAGE ON ALL SEQUENCES IN SCHEMA {PgDatabase.SchemaName} FROM {quoted};
                        """);
            });
        });
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_$]{0,62}$")]
    private static partial Regex RoleName();
}

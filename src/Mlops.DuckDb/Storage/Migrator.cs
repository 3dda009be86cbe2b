using DuckDB.NET.Data;

namespace Mlops.DuckDb;

/// <summary>Brings a store's schema up to date, or refuses a file that is not a store or is newer than this code.</summary>
internal static class Migrator
{
    private const string VersionTable = "mlops_schema";

    /// <summary>Applies the missing migrations and returns the schema version the store is at.</summary>
    public static int Apply(DuckDBConnection connection, IReadOnlyList<Migration> migrations, string location, DateTimeOffset now)
    {
        var current = CurrentVersion(connection, location);
        var latest = migrations[^1].Version;
        if (current > latest)
            throw new MlopsException(MlopsErrorKind.StoreUnavailable,
                $"The store {location} has schema version {current}, written by a newer Mlops; this one understands up to version {latest}. " +
                "Upgrade the Mlops packages (nothing was changed).");
        foreach (var migration in migrations.Where(m => m.Version > current))
        {
            connection.InTransaction(() =>
            {
                if (current == 0 && migration == migrations[0])
                    connection.Execute($"CREATE TABLE IF NOT EXISTS {VersionTable} (version INTEGER PRIMARY KEY, description VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)");
                connection.Execute(migration.Sql);
                migration.Then?.Invoke(connection, now);
                connection.Execute($"INSERT INTO {VersionTable} VALUES ($1, $2, $3)", migration.Version, migration.Description, now);
            });
        }
        return latest;
    }

    /// <summary>The version a store is at without changing it; 0 for an empty database.</summary>
    public static int CurrentVersion(DuckDBConnection connection, string location)
    {
        var tables = connection.Query("SELECT table_name FROM information_schema.tables WHERE table_catalog = current_database() AND table_schema = 'main'", r => r.GetString(0));
        if (tables.Contains(VersionTable)) return connection.Scalar<int?>($"SELECT max(version) FROM {VersionTable}") ?? 0;
        if (tables.Count == 0) return 0;
        throw new MlopsException(MlopsErrorKind.StoreUnavailable,
            $"{location} is a DuckDB database but not an Mlops store (it holds tables {string.Join(", ", tables.Take(5))}). " +
            "Nothing was changed; point Mlops to another folder.");
    }
}

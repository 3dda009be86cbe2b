using Mlops.Postgres;

namespace Mlops;

/// <summary>What <c>mlops store init|grant</c> do, for any location: the engine is chosen by the location.</summary>
public static class StoreAdmin
{
    /// <summary>Creates the store at <paramref name="location"/> (a folder, or the schema on a PostgreSQL server) if it is
    /// not there, brings its schema up to date, and returns its status.</summary>
    /// <exception cref="MlopsException">As <see cref="MlopsClient.Open(string?, MlopsClientOptions?)"/>.</exception>
    public static StoreStatus Initialize(string location)
    {
        using var client = MlopsClient.Open(location);
        return client.GetStatus();
    }

    /// <summary>Gives a PostgreSQL role read (list, show, compare, report, load) or read-write use of a team store.</summary>
    /// <exception cref="MlopsException">InvalidArgument for a folder location (a folder store is guarded by its file
    /// permissions) or a bad role name; NotFound for a role the server does not have.</exception>
    public static void Grant(string location, string role, bool write)
    {
        var address = StoreLocation.Parse(location);
        if (address.Server is not { } server)
            throw new MlopsException(MlopsErrorKind.InvalidArgument,
                $"{address.Display} is a folder store: roles are PostgreSQL's. Who may read or write a folder store is decided by its file permissions.");
        PostgresStore.Grant(server, role, write);
    }
}

using System.Net.Sockets;
using Npgsql;

namespace Mlops.Postgres;

/// <summary>PostgreSQL's and Npgsql's errors translated into messages that say what to do; a password is never repeated.</summary>
internal static class PgErrors
{
    /// <summary>The error to raise for <paramref name="e"/>, met while using the store at <paramref name="location"/>.</summary>
    public static Exception Translate(Exception e, PostgresLocation location) => e switch
    {
        MlopsException => e,
        PostgresException pg => pg.SqlState switch
        {
            "28P01" or "28000" => new MlopsException(MlopsErrorKind.StoreUnavailable,
                $"The PostgreSQL server at {location.Server} refused role '{location.User}' ({pg.MessageText}). Check the role, and give its password " +
                "in PGPASSWORD or ~/.pgpass (a password in a notebook or a script would be shared with it).", e),
            "3D000" => new MlopsException(MlopsErrorKind.StoreUnavailable,
                $"The PostgreSQL server at {location.Server} has no database '{location.Database}'. Create it (createdb {location.Database}, " +
                "or CREATE DATABASE as a role that may), then use the store again: its schema is made on first use.", e),
            "42501" => new MlopsException(MlopsErrorKind.StoreUnavailable,
                $"Role '{location.User}' may not do this on the store {location.Display} ({pg.MessageText}). A role given read use " +
                "(mlops store grant <uri> <role> --read) can list, show, compare, report and load; writing needs --write.", e),
            "57P01" or "57P02" or "57P03" or "08000" or "08003" or "08006" or "08001" or "08004" => Unavailable(location, pg.MessageText, e),
            _ => new MlopsException(MlopsErrorKind.StoreUnavailable, $"The store {location.Display} failed: {pg.MessageText} (SQLSTATE {pg.SqlState}).", e),
        },
        NpgsqlException { InnerException: SocketException socket } => Unavailable(location, socket.Message, e),
        NpgsqlException { InnerException: TimeoutException } => Unavailable(location, $"no answer within {location.ConnectTimeout} s", e),
        NpgsqlException npgsql when npgsql.IsTransient => Unavailable(location, npgsql.Message, e),
        NpgsqlException npgsql => new MlopsException(MlopsErrorKind.StoreUnavailable, $"The store {location.Display} failed: {npgsql.Message}", e),
        TimeoutException => Unavailable(location, $"no answer within {location.ConnectTimeout} s", e),
        _ => e,
    };

    private static MlopsException Unavailable(string what, PostgresLocation location, Exception e) => new(MlopsErrorKind.StoreUnavailable, what, e);

    private static MlopsException Unavailable(PostgresLocation location, string why, Exception e) => Unavailable(
        $"The PostgreSQL server at {location.Server} cannot be reached ({why.TrimEnd('.')}). Check that it is running and that host and port " +
        $"are right in {location.Display}; nothing was changed.", location, e);
}

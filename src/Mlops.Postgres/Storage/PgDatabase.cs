using Npgsql;

namespace Mlops.Postgres;

/// <summary>
/// The connections of one process to one team store: a single pooled data source per store (a small pool, so a
/// kernel does not take tens of server connections), the store's tables in their own schema <c>mlops</c>, and every
/// failure translated into a message that names the server and never the password. A connection the server dropped
/// is discarded by the pool, and the next unit of work gets a fresh one.
/// </summary>
internal sealed class PgDatabase
{
    public const string SchemaName = "mlops";

    private static readonly Dictionary<string, NpgsqlDataSource> Sources = new(StringComparer.Ordinal);

    private readonly NpgsqlDataSource _source;

    public PgDatabase(PostgresLocation location)
    {
        Location = location;
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = location.Host,
            Port = location.Port,
            Database = location.Database,
            Username = location.User,
            SearchPath = SchemaName,
            MaxPoolSize = location.PoolSize,
            MinPoolSize = 0,
            Timeout = location.ConnectTimeout,
            CommandTimeout = 300,
            ApplicationName = location.Options.GetValueOrDefault("application_name") ?? ApplicationName(),
            // a connection is checked before reuse only by failing; keepalives find dead ones while idle
            KeepAlive = 30,
        };
        if (location.Password is { } password) builder.Password = password;
        if (location.Options.TryGetValue("sslmode", out var ssl))
            builder.SslMode = Enum.TryParse<SslMode>(ssl.Replace("-", ""), ignoreCase: true, out var mode) ? mode
                : throw new MlopsException(MlopsErrorKind.InvalidArgument, $"sslmode '{ssl}' is not one of disable, allow, prefer, require, verify-ca, verify-full.");
        var key = builder.ConnectionString;
        lock (Sources)
            if (!Sources.TryGetValue(key, out _source!))
                Sources[key] = _source = NpgsqlDataSource.Create(builder);
    }

    public PostgresLocation Location { get; }

    /// <summary>Runs one unit of work on a pooled connection.</summary>
    public T Use<T>(Func<NpgsqlConnection, T> work)
    {
        try
        {
            using var connection = _source.OpenConnection();
            return work(connection);
        }
        catch (Exception e) when (PgErrors.Translate(e, Location) is var translated && !ReferenceEquals(translated, e))
        {
            throw translated;
        }
    }

    public void Use(Action<NpgsqlConnection> work) => Use(c => { work(c); return 0; });

    /// <summary>A connection held by the caller (a metric appender); failures to open are translated.</summary>
    public NpgsqlConnection Open()
    {
        try
        {
            return _source.OpenConnection();
        }
        catch (Exception e) when (PgErrors.Translate(e, Location) is var translated && !ReferenceEquals(translated, e))
        {
            throw translated;
        }
    }

    private static string ApplicationName()
    {
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        var name = $"mlops {self.ProcessName} {Environment.ProcessId}";
        return name.Length <= 63 ? name : name[..63];
    }
}

using System.Text;

namespace Mlops.Postgres;

/// <summary>
/// A team store's location, a PostgreSQL URI in libpq's form:
/// <c>postgresql://[user[:password]@][host][:port][/database][?options]</c> (<c>postgres://</c> too). A password may
/// come from the URI, <c>PGPASSWORD</c> or <c>~/.pgpass</c>, as psql takes it; it is kept only to connect and never
/// shown: <see cref="Display"/> masks it.
/// </summary>
public sealed class PostgresLocation
{
    /// <summary>The options a location's query may carry, with what each does.</summary>
    public static readonly IReadOnlyDictionary<string, string> KnownOptions = new Dictionary<string, string>
    {
        ["artifacts"] = "a folder shared by the team for artifact bytes (default: in the database)",
        ["sslmode"] = "disable, allow, prefer, require, verify-ca or verify-full",
        ["connect_timeout"] = "seconds to wait for the server (default 10)",
        ["pool_size"] = "most connections this process opens to the store (default 4)",
        ["application_name"] = "the name the server shows for this process's connections",
        ["heartbeat_seconds"] = "how often a process renews its running runs' heartbeat (default 15; a run is seen as killed after three missed)",
    };

    private static readonly string[] Schemes = ["postgresql://", "postgres://"];

    private PostgresLocation(string host, int port, string database, string user, string? password, IReadOnlyDictionary<string, string> options)
    {
        Host = host;
        Port = port;
        Database = database;
        User = user;
        Password = password;
        Options = options;
    }

    /// <summary>The server's host name or address.</summary>
    public string Host { get; }

    /// <summary>The server's port (default 5432).</summary>
    public int Port { get; }

    /// <summary>The database holding the store (default: the user's name, as libpq does).</summary>
    public string Database { get; }

    /// <summary>The role to connect as (default: <c>PGUSER</c>, else the operating-system user).</summary>
    public string User { get; }

    /// <summary>The options given in the query, by name.</summary>
    public IReadOnlyDictionary<string, string> Options { get; }

    /// <summary>The shared artifact folder named by <c>?artifacts=</c>, or null when artifacts live in the database.</summary>
    public string? ArtifactsFolder => Options.GetValueOrDefault("artifacts");

    /// <summary>The most connections the process opens to the store.</summary>
    public int PoolSize => Options.TryGetValue("pool_size", out var text) ? int.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : 4;

    /// <summary>Seconds to wait for the server when connecting.</summary>
    public int ConnectTimeout => Options.TryGetValue("connect_timeout", out var text) ? int.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : 10;

    /// <summary>Seconds between heartbeats of running runs.</summary>
    public int HeartbeatSeconds => Options.TryGetValue("heartbeat_seconds", out var text) ? int.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : 15;

    internal string? Password { get; }

    /// <summary>The location as a URI with any password masked, for messages and displays.</summary>
    public string Display
    {
        get
        {
            var text = new StringBuilder("postgresql://").Append(Uri.EscapeDataString(User));
            if (Password is not null) text.Append(":***");
            text.Append('@').Append(Host.Contains(':') ? $"[{Host}]" : Host).Append(':').Append(Port).Append('/').Append(Uri.EscapeDataString(Database));
            if (Options.Count > 0) text.Append('?').AppendJoin('&', Options.Select(o => $"{o.Key}={Uri.EscapeDataString(o.Value)}"));
            return text.ToString();
        }
    }

    /// <summary>Where the server is, for messages: host and port.</summary>
    public string Server => $"{Host}:{Port}";

    /// <inheritdoc/>
    public override string ToString() => Display;

    /// <summary>Whether <paramref name="text"/> starts with <c>postgresql://</c> or <c>postgres://</c>.</summary>
    public static bool IsUri(string text) => Schemes.Any(s => text.StartsWith(s, StringComparison.OrdinalIgnoreCase));

    /// <summary>Parses a PostgreSQL URI.</summary>
    /// <exception cref="MlopsException">InvalidArgument naming what is wrong (a bad port, an unknown option ...), never
    /// repeating the password.</exception>
    public static PostgresLocation Parse(string uri)
    {
        var scheme = Schemes.FirstOrDefault(s => uri.StartsWith(s, StringComparison.OrdinalIgnoreCase))
                     ?? throw Invalid("it does not start with postgresql:// or postgres://");
        var rest = uri[scheme.Length..];
        var query = "";
        if (rest.IndexOf('?') is var q and >= 0) (rest, query) = (rest[..q], rest[(q + 1)..]);
        var path = "";
        if (rest.IndexOf('/') is var slash and >= 0) (rest, path) = (rest[..slash], rest[(slash + 1)..]);
        string? user = null, password = null;
        if (rest.LastIndexOf('@') is var at and >= 0)
        {
            var credentials = rest[..at];
            rest = rest[(at + 1)..];
            if (credentials.IndexOf(':') is var colon and >= 0) (user, password) = (Decode(credentials[..colon]), Decode(credentials[(colon + 1)..]));
            else user = Decode(credentials);
        }
        var (host, port) = HostAndPort(rest);
        if (path.Contains('/')) throw Invalid($"the database name '{Decode(path)}' contains '/': a URI names one database, as in postgresql://host/mlops");
        user = string.IsNullOrEmpty(user) ? Environment.GetEnvironmentVariable("PGUSER") is { Length: > 0 } pgUser ? pgUser : Environment.UserName : user;
        var database = path.Length > 0 ? Decode(path) : Environment.GetEnvironmentVariable("PGDATABASE") is { Length: > 0 } pgDatabase ? pgDatabase : user;
        return new PostgresLocation(host, port, database, user, string.IsNullOrEmpty(password) ? null : password, ParseOptions(query));
    }

    private static (string Host, int Port) HostAndPort(string text)
    {
        string host, port = "";
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']');
            if (close < 0) throw Invalid("an IPv6 host opened with '[' is not closed with ']'");
            host = text[1..close];
            if (close + 1 < text.Length)
            {
                if (text[close + 1] != ':') throw Invalid($"'{text[(close + 1)..]}' after the host is not a port");
                port = text[(close + 2)..];
            }
        }
        else if (text.LastIndexOf(':') is var colon and >= 0) (host, port) = (text[..colon], text[(colon + 1)..]);
        else host = text;
        if (text.Contains(',')) throw Invalid("several hosts are not supported: name one server");
        host = host.Length == 0 ? "localhost" : Decode(host);
        if (port.Length == 0) return (host, 5432);
        if (!int.TryParse(port, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number) || number is < 1 or > 65535)
            throw Invalid($"the port '{port}' is not a number from 1 to 65535");
        return (host, number);
    }

    private static Dictionary<string, string> ParseOptions(string query)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=');
            var name = Decode(eq < 0 ? pair : pair[..eq]);
            var value = eq < 0 ? "" : Decode(pair[(eq + 1)..]);
            if (name == "password") throw Invalid("a password does not go in the options: give it as user:password@host, or better in PGPASSWORD or ~/.pgpass");
            if (!KnownOptions.ContainsKey(name))
                throw Invalid($"unknown option '{name}'; the options are {string.Join(", ", KnownOptions.Keys)}");
            if (value.Length == 0) throw Invalid($"the option '{name}' has no value ({KnownOptions[name]})");
            if (name is "pool_size" or "connect_timeout" or "heartbeat_seconds" && (!int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) || n < 1 || n > 1000))
                throw Invalid($"the option '{name}' must be a whole number from 1 to 1000, not '{value}'");
            if (name == "artifacts" && !Path.IsPathFullyQualified(value))
                throw Invalid($"the option 'artifacts' must be an absolute folder shared by everyone using the store, not '{value}'");
            options[name] = value;
        }
        return options;
    }

    private static string Decode(string text)
    {
        try
        {
            return Uri.UnescapeDataString(text);
        }
        catch (UriFormatException)
        {
            throw Invalid("it has a malformed %-escape");
        }
    }

    private static MlopsException Invalid(string why) => new(MlopsErrorKind.InvalidArgument,
        $"not a PostgreSQL store location: {why}. The form is postgresql://[user[:password]@]host[:port]/database[?artifacts=/shared/folder], " +
        "for example postgresql://ds@db.internal:5432/mlops (give the password in PGPASSWORD or ~/.pgpass).");
}

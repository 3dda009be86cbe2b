using System.Text.RegularExpressions;
using Mlops.Postgres;

namespace Mlops;

/// <summary>
/// Where a store is: a folder (the embedded DuckDB store) or a PostgreSQL URI (the team store,
/// <c>postgresql://[user[:password]@]host[:port]/database[?options]</c>). When nobody says: <c>MLOPS_STORE</c>, else
/// <c>.mlops/</c> in the working folder. Any other scheme is refused, never taken as a folder name.
/// </summary>
public static partial class StoreLocation
{
    /// <summary>The environment variable that names the default store.</summary>
    public const string EnvironmentVariable = "MLOPS_STORE";

    /// <summary>The folder name used in the working folder when nothing else is set.</summary>
    public const string DefaultFolderName = ".mlops";

    /// <summary>The two forms of a location, for messages.</summary>
    public const string Forms = "a folder (such as .mlops or /data/mlops) or a PostgreSQL server (postgresql://user@host:5432/database)";

    /// <summary>
    /// The location to use: <paramref name="location"/> if given, else MLOPS_STORE, else .mlops in the working folder;
    /// a folder as its full path, a PostgreSQL URI as given (it may hold a password: show <see cref="Describe"/> instead).
    /// </summary>
    /// <exception cref="MlopsException">InvalidArgument for a URI of another scheme or a malformed PostgreSQL URI.</exception>
    public static string Resolve(string? location = null) => Parse(location).Text;

    /// <summary>The location to use, as it may be shown: a folder's full path, or the URI with any password masked.</summary>
    /// <exception cref="MlopsException">InvalidArgument as for <see cref="Resolve"/>.</exception>
    public static string Describe(string? location = null) => Parse(location).Display;

    /// <summary>Whether <paramref name="location"/> names a team store on a PostgreSQL server.</summary>
    public static bool IsServer(string? location) => Parse(location).Server is not null;

    internal static StoreAddress Parse(string? location)
    {
        var chosen = !string.IsNullOrWhiteSpace(location) ? location.Trim()
            : Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } env ? env.Trim()
            : DefaultFolderName;
        if (PostgresLocation.IsUri(chosen))
        {
            var server = PostgresLocation.Parse(chosen);
            return new StoreAddress(chosen, server.Display, server);
        }
        if (Scheme().Match(chosen) is { Success: true } scheme)
            throw new MlopsException(MlopsErrorKind.InvalidArgument,
                $"'{MaskCredentials(chosen)}' is not a store location Mlops can use ({scheme.Groups[1].Value}:// is not supported). A store is {Forms}.");
        var full = Path.GetFullPath(chosen);
        return new StoreAddress(full, full, null);
    }

    /// <summary><paramref name="text"/> with the password of any <c>scheme://user:password@</c> replaced by <c>***</c>.</summary>
    public static string MaskCredentials(string text) => Credentials().Replace(text, "$1***@");

    [GeneratedRegex(@"^([A-Za-z][A-Za-z0-9+.\-]+)://")]
    private static partial Regex Scheme();

    [GeneratedRegex(@"(://[^:/@\s]*:)[^@/\s]*@")]
    private static partial Regex Credentials();
}

/// <summary>A parsed location: the text to open it by, the text to show, and the server when it is one.</summary>
internal sealed record StoreAddress(string Text, string Display, PostgresLocation? Server);

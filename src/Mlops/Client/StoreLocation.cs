namespace Mlops;

/// <summary>Where the store is when nobody says: <c>MLOPS_STORE</c>, else <c>.mlops/</c> in the working folder.</summary>
public static class StoreLocation
{
    /// <summary>The environment variable that names the default store folder.</summary>
    public const string EnvironmentVariable = "MLOPS_STORE";

    /// <summary>The folder name used in the working folder when nothing else is set.</summary>
    public const string DefaultFolderName = ".mlops";

    /// <summary>The folder to use: <paramref name="folder"/> if given, else MLOPS_STORE, else .mlops in the working folder.</summary>
    public static string Resolve(string? folder = null)
    {
        var chosen = !string.IsNullOrWhiteSpace(folder) ? folder
            : Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } env ? env
            : DefaultFolderName;
        return Path.GetFullPath(chosen);
    }
}

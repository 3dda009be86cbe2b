using System.Text.RegularExpressions;
using DuckDB.NET.Data;

namespace Mlops.DuckDb;

/// <summary>DuckDB's errors translated into messages that say what to do.</summary>
internal static partial class StoreErrors
{
    public static bool IsLockConflict(DuckDBException e) =>
        e.Message.Contains("Could not set lock", StringComparison.OrdinalIgnoreCase)
        || e.Message.Contains("Conflicting lock", StringComparison.OrdinalIgnoreCase);

    public static MlopsException Locked(string path, DuckDBException e, TimeSpan waited)
    {
        var holder = LockHolder().Match(e.Message);
        var who = holder.Success ? $"process {holder.Groups["pid"].Value} ({holder.Groups["exe"].Value.Trim()})" : "another process";
        return new MlopsException(MlopsErrorKind.StoreUnavailable,
            $"The store {path} stayed locked by {who} for {waited.TotalSeconds:0.#} s. DuckDB lets one process write a file at a time; " +
            "Mlops holds it only for moments, so another program (a DuckDB shell, a viewer) probably keeps it open. Close that program, " +
            "or wait longer with MLOPS_LOCK_TIMEOUT_SECONDS.", e);
    }

    public static MlopsException CannotOpen(string path, DuckDBException e)
    {
        var message = e.Message;
        if (message.Contains("not a valid DuckDB database", StringComparison.OrdinalIgnoreCase)
            || message.Contains("Corrupt", StringComparison.OrdinalIgnoreCase)
            || message.Contains("database file", StringComparison.OrdinalIgnoreCase) && message.Contains("invalid", StringComparison.OrdinalIgnoreCase))
            return new MlopsException(MlopsErrorKind.StoreUnavailable,
                $"The store file {path} is not a readable DuckDB database ({FirstLine(message)}). Nothing was changed. " +
                "Move the file aside to start a new store there, or point to another store folder.", e);
        if (message.Contains("Permission denied", StringComparison.OrdinalIgnoreCase) || message.Contains("Read-only", StringComparison.OrdinalIgnoreCase))
            return Unwritable(path, FirstLine(message), e);
        return new MlopsException(MlopsErrorKind.StoreUnavailable, $"The store file {path} could not be opened: {FirstLine(message)}", e);
    }

    public static MlopsException Unwritable(string path, string reason, Exception? e = null) =>
        new(MlopsErrorKind.StoreUnavailable,
            $"The store at {path} cannot be written ({reason}). Choose a folder you can write to, with #!mlops use <folder>, MLOPS_STORE or --store.", e);

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();

    [GeneratedRegex(@"Conflicting lock is held in (?<exe>.+?) \(PID (?<pid>\d+)\)")]
    private static partial Regex LockHolder();
}

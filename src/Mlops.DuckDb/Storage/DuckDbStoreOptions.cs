namespace Mlops.DuckDb;

/// <summary>How the embedded store opens its file.</summary>
public sealed record DuckDbStoreOptions
{
    /// <summary>
    /// How long an operation waits for another process to release the file before it fails. Default 30 seconds,
    /// or <c>MLOPS_LOCK_TIMEOUT_SECONDS</c> when set.
    /// </summary>
    public TimeSpan LockTimeout { get; init; } = DefaultLockTimeout();

    /// <summary>
    /// Whether opening a folder that holds no store creates one there. Default true; read-only tools set it false so
    /// that a mistyped path is refused instead of becoming an empty store.
    /// </summary>
    public bool CreateIfMissing { get; init; } = true;

    /// <summary>The clock used for migration records.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    private static TimeSpan DefaultLockTimeout() =>
        double.TryParse(Environment.GetEnvironmentVariable("MLOPS_LOCK_TIMEOUT_SECONDS"), System.Globalization.CultureInfo.InvariantCulture, out var s) && s > 0
            ? TimeSpan.FromSeconds(s)
            : TimeSpan.FromSeconds(30);
}

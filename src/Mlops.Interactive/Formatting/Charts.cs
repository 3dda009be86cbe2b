using Mlops.Charts;

namespace Mlops.Interactive;

/// <summary>
/// Charts in notebook outputs. plotly.js (3.6 MB) travels with the first chart output of a kernel session only; every
/// other chart waits for <c>window.Plotly</c>, which that output defines for the whole notebook page. So a notebook
/// with ten charts stays under 5 MB, and run top to bottom (as headless runs and exports are) its charts all draw.
/// </summary>
internal static class Charts
{
    private static int _bundleClaimed;
    private static int _outputs;
    private static readonly string Session = Guid.NewGuid().ToString("N")[..8];

    /// <summary>A context for one output; element ids are unique across all outputs of the session.</summary>
    public static ChartContext Context() => new($"mlops-{Session}-{Interlocked.Increment(ref _outputs)}", ClaimBundle);

    /// <summary>True once per session: the caller's output carries plotly.js.</summary>
    public static bool ClaimBundle() => Interlocked.Exchange(ref _bundleClaimed, 1) == 0;

    /// <summary>Forget that the bundle was sent (a test kernel is a new session in the same process).</summary>
    internal static void ResetSession() => Interlocked.Exchange(ref _bundleClaimed, 0);
}

using System.Diagnostics;

namespace Mlops.MLNet.Tests;

/// <summary>Starts Mlops.TestWorker in its own process.</summary>
public static class Worker
{
    private static readonly string Dll = Path.Combine(AppContext.BaseDirectory, "Mlops.TestWorker.dll");

    public static Process Start(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Dll);
        foreach (var a in args) start.ArgumentList.Add(a);
        return Process.Start(start)!;
    }

    /// <summary>Reads stdout lines until one starts with <paramref name="prefix"/>.</summary>
    public static async Task<string> WaitForLineAsync(Process process, string prefix)
    {
        while (await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(2)) is { } line)
            if (line.StartsWith(prefix, StringComparison.Ordinal)) return line;
        throw new InvalidOperationException($"worker exited before printing '{prefix}': {await process.StandardError.ReadToEndAsync()}");
    }
}

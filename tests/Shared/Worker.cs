using System.Diagnostics;

namespace Mlops.TestSupport;

/// <summary>Starts Mlops.TestWorker in its own process.</summary>
public static class Worker
{
    private static readonly string Dll = Path.Combine(AppContext.BaseDirectory, "Mlops.TestWorker.dll");

    public static Process Start(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        start.ArgumentList.Add(Dll);
        foreach (var a in args) start.ArgumentList.Add(a);
        return Process.Start(start)!;
    }

    public static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        using var process = Start(args);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        return (process.ExitCode, await output, await error);
    }

    /// <summary>Reads stdout lines until one starts with <paramref name="prefix"/>.</summary>
    public static async Task<string> WaitForLineAsync(Process process, string prefix)
    {
        while (await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(2)) is { } line)
            if (line.StartsWith(prefix, StringComparison.Ordinal)) return line;
        throw new InvalidOperationException($"worker exited before printing '{prefix}': {await process.StandardError.ReadToEndAsync()}");
    }
}

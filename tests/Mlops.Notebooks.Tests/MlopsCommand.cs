using System.Diagnostics;

namespace Mlops.Notebooks.Tests;

/// <summary>The mlops command run as a process, with the sandbox's kernel environment and a store of its own.</summary>
internal static class MlopsCommand
{
    public sealed record Result(int Exit, string Output, string Error);

    public static async Task<Result> RunAsync(KernelSandbox sandbox, string store, string workingDirectory, params string[] args)
    {
        var cli = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        cli.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Mlops.Cli.dll"));
        foreach (var arg in args) cli.ArgumentList.Add(arg);
        foreach (var (key, value) in sandbox.Options(store).Environment) cli.Environment[key] = value;
        cli.Environment["COLUMNS"] = "200";
        using var process = Process.Start(cli)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(8));
        return new Result(process.ExitCode, await output, await error);
    }
}

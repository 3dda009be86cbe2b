using System.Diagnostics;

namespace Mlops.Cli.Tests;

/// <summary>The build packs mlops as a .NET tool into the local feed; it installs from there and calls itself mlops.</summary>
public sealed class ToolInstallTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mlops-tool-").FullName;

    [Fact]
    public async Task The_command_installs_from_the_local_feed_as_a_tool_named_mlops()
    {
        var feed = Path.Combine(Repository(), "artifacts", "packages");
        var version = File.ReadAllText(Path.Combine(feed, "Mlops.Cli.version")).Trim();
        Assert.True(File.Exists(Path.Combine(feed, $"Mlops.Cli.{version}.nupkg")), $"the build should have packed Mlops.Cli {version} into {feed}");
        var tools = Path.Combine(_folder, "tools");

        var install = await Run("dotnet", "tool", "install", "--tool-path", tools, "Mlops.Cli", "--version", version, "--add-source", feed);
        Assert.True(install.Exit == 0, install.Output + install.Error);
        var help = await Run(Path.Combine(tools, "mlops"), "--help");

        Assert.Equal(0, help.Exit);
        Assert.Contains("Usage:\n  mlops [command] [options]", help.Output.ReplaceLineEndings("\n"));
        Assert.DoesNotContain("Mlops.Cli", help.Output);
        var bad = await Run(Path.Combine(tools, "mlops"), "notebook", "run", "missing.ipynb");
        Assert.Equal(2, bad.Exit);
        Assert.StartsWith("mlops: notebook 'missing.ipynb' does not exist", bad.Error);
    }

    private async Task<(int Exit, string Output, string Error)> Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _folder };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        // a machine of its own: no tool or package the developer has installed counts
        start.Environment["HOME"] = Path.Combine(_folder, "home");
        start.Environment["DOTNET_CLI_HOME"] = Path.Combine(_folder, "home");
        start.Environment["NUGET_PACKAGES"] = Path.Combine(_folder, "nuget");
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
        return (process.ExitCode, await output, await error);
    }

    private static string Repository()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Mlops.Interactive.sln"))) return dir.FullName;
        throw new InvalidOperationException("the repository was not found above " + AppContext.BaseDirectory);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}

using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Mlops.Cli.Notebooks;

/// <summary>How to start the real notebook kernel: a program and the arguments that come before "stdio".</summary>
/// <param name="ProcessFolder">Where the process starts when it must (a tool run through the manifest it finds from
/// there); the kernel's own working folder is always the notebook's.</param>
internal sealed record KernelLaunch(string FileName, IReadOnlyList<string> Arguments, string? ProcessFolder = null);

/// <summary>
/// Finds the <c>dotnet-interactive</c> tool: <c>MLOPS_DOTNET_INTERACTIVE</c>, else a tool manifest above the notebook or the
/// working folder (restored with <c>dotnet tool restore</c> when missing), else a global install.
/// </summary>
internal static class KernelLocator
{
    public const string ToolPackage = "microsoft.dotnet-interactive";
    public const string EnvironmentVariable = "MLOPS_DOTNET_INTERACTIVE";

    public static KernelLaunch Locate(string notebookFolder, TextWriter log)
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } explicitPath)
            return explicitPath.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? new("dotnet", [explicitPath]) : new(explicitPath, []);
        foreach (var start in new[] { notebookFolder, Directory.GetCurrentDirectory() })
            if (FindManifest(start) is { } manifest && ToolVersion(manifest) is { } version)
                return FromManifest(manifest, version, log);
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var candidates = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Append(Path.Combine(home, ".dotnet", "tools"))
            .Select(dir => Path.Combine(dir, OperatingSystem.IsWindows() ? "dotnet-interactive.exe" : "dotnet-interactive"));
        if (candidates.FirstOrDefault(File.Exists) is { } global) return new(global, []);
        return Private(home, log);
    }

    /// <summary>The version installed when no manifest names one (the version this release is tested with).</summary>
    public const string DefaultVersion = "1.0.712001";

    // no kernel anywhere (mlops installed as a tool, a notebook outside any repository): install the tested version
    // into a folder of our own once, as `dotnet tool restore` would for a manifest
    private static KernelLaunch Private(string home, TextWriter log)
    {
        var folder = Path.Combine(home, ".mlops", "tools", $"dotnet-interactive-{DefaultVersion}");
        var program = Path.Combine(folder, OperatingSystem.IsWindows() ? "dotnet-interactive.exe" : "dotnet-interactive");
        if (File.Exists(program)) return new(program, []);
        log.WriteLine($"dotnet-interactive was not found; installing {DefaultVersion} into {folder} ...");
        try
        {
            Run("dotnet", $"tool install Microsoft.dotnet-interactive --version {DefaultVersion} --tool-path \"{folder}\"", Directory.GetCurrentDirectory());
        }
        catch (NotebookException e)
        {
            throw new NotebookException(
                $"The dotnet-interactive kernel was not found, and installing it failed ({e.Message}). Install it as a local tool (dotnet new tool-manifest; " +
                $"dotnet tool install Microsoft.dotnet-interactive --version {DefaultVersion}) or globally (dotnet tool install -g " +
                $"Microsoft.dotnet-interactive --version {DefaultVersion}), or set {EnvironmentVariable} to its path.");
        }
        return File.Exists(program) ? new(program, []) : throw new NotebookException($"installing dotnet-interactive into {folder} left no program there.");
    }

    private static KernelLaunch FromManifest(string manifest, string version, TextWriter log)
    {
        if (FindToolDll(version) is { } dll) return new("dotnet", [dll]);
        var manifestFolder = Path.GetDirectoryName(manifest)!;
        var folder = Path.GetFileName(manifestFolder) == ".config" ? Path.GetDirectoryName(manifestFolder)! : manifestFolder;
        log.WriteLine($"dotnet-interactive {version} is declared in {manifest} but not installed; running dotnet tool restore ...");
        Run("dotnet", "tool restore", folder);
        if (FindToolDll(version) is { } restored) return new("dotnet", [restored]);
        // restore does nothing when the SDK's tool cache says the tool is restored, in a packages folder other than
        // this process's: then the SDK itself starts it, from the folder the manifest governs
        log.WriteLine($"dotnet-interactive {version} is restored outside {GlobalPackagesFolder()}; starting it with dotnet tool run.");
        return new("dotnet", ["tool", "run", "dotnet-interactive", "--"], folder);
    }

    private static string? FindManifest(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            foreach (var candidate in new[] { Path.Combine(dir.FullName, ".config", "dotnet-tools.json"), Path.Combine(dir.FullName, "dotnet-tools.json") })
                if (File.Exists(candidate)) return candidate;
        return null;
    }

    private static string? ToolVersion(string manifest)
    {
        var tools = JsonNode.Parse(File.ReadAllText(manifest))?["tools"]?.AsObject();
        return tools?.FirstOrDefault(t => string.Equals(t.Key, ToolPackage, StringComparison.OrdinalIgnoreCase)).Value?["version"]?.GetValue<string>();
    }

    private static string? FindToolDll(string version)
    {
        var root = Path.Combine(GlobalPackagesFolder(), ToolPackage, version, "tools");
        return Directory.Exists(root)
            ? Directory.EnumerateFiles(root, "Microsoft.DotNet.Interactive.App.dll", SearchOption.AllDirectories).FirstOrDefault()
            : null;
    }

    private static string GlobalPackagesFolder()
    {
        if (Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured) return configured;
        var listed = Run("dotnet", "nuget locals global-packages --list", Directory.GetCurrentDirectory());
        var marker = "global-packages:";
        var index = listed.IndexOf(marker, StringComparison.Ordinal);
        return index >= 0 ? listed[(index + marker.Length)..].Trim()
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
    }

    private static string Run(string file, string arguments, string folder)
    {
        var start = new ProcessStartInfo(file, arguments) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new NotebookException($"'{file} {arguments}' failed in {folder}: {error.Result.Trim()}");
        return output.Result;
    }
}

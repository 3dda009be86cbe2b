using System.Diagnostics;

namespace Mlops;

/// <summary>Commit, branch and dirty flag of the git work tree holding a folder, read with the git command.</summary>
internal static class GitProbe
{
    public sealed record GitState(string? Commit, bool? Dirty, string? Branch);

    private static readonly GitState None = new(null, null, null);

    public static GitState Read(string folder)
    {
        if (FindRoot(folder) is null) return None;
        var commit = Git(folder, "rev-parse HEAD");
        if (commit is null) return None;
        var status = Git(folder, "status --porcelain --untracked-files=no");
        var branch = Git(folder, "rev-parse --abbrev-ref HEAD");
        return new GitState(commit, status is null ? null : status.Length > 0, branch is null or "HEAD" ? null : branch);
    }

    private static string? FindRoot(string folder)
    {
        for (var dir = new DirectoryInfo(folder); dir is not null; dir = dir.Parent)
            if (Directory.Exists(Path.Combine(dir.FullName, ".git")) || File.Exists(Path.Combine(dir.FullName, ".git")))
                return dir.FullName;
        return null;
    }

    private static string? Git(string folder, string arguments)
    {
        try
        {
            var start = new ProcessStartInfo("git", $"-C \"{folder}\" {arguments}")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using var process = Process.Start(start);
            if (process is null) return null;
            var output = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(5000))
            {
                process.Kill();
                return null;
            }
            return process.ExitCode == 0 ? output.Result.Trim() : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // git is not installed
        }
    }
}

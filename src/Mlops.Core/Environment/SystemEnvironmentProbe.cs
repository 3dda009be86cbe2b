using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;

namespace Mlops;

/// <summary>Reads the real process, machine and git work tree.</summary>
public sealed class SystemEnvironmentProbe : IEnvironmentProbe
{
    // what a run's result depends on, by the name shown and the assembly that carries its version
    private static readonly (string Label, string Assembly)[] KeyAssemblies =
    [
        ("Mlops", "Mlops.Core"), ("Microsoft.ML", "Microsoft.ML.Data"), ("DuckDB.NET", "DuckDB.NET.Data"),
        ("Microsoft.Data.Analysis", "Microsoft.Data.Analysis"), ("Plotly.NET", "Plotly.NET"),
        ("Microsoft.DotNet.Interactive", "Microsoft.DotNet.Interactive"), ("dotnet-interactive", "Microsoft.DotNet.Interactive.App"),
    ];

    private readonly Lazy<RunOwner> _owner = new(ReadOwner);
    private readonly string? _workingDirectory;

    /// <summary>Probes <paramref name="workingDirectory"/> for git (default: the current directory at capture time).</summary>
    public SystemEnvironmentProbe(string? workingDirectory = null) => _workingDirectory = workingDirectory;

    /// <inheritdoc/>
    public RunEnvironment Capture()
    {
        var folder = _workingDirectory ?? Directory.GetCurrentDirectory();
        var git = GitProbe.Read(folder);
        return new RunEnvironment(
            RuntimeInformation.OSDescription,
            RuntimeInformation.FrameworkDescription,
            RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant(),
            LoadedKeyAssemblies(),
            git.Commit,
            git.Dirty,
            git.Branch,
            System.Environment.UserName,
            System.Environment.MachineName,
            folder,
            System.Environment.ProcessId);
    }

    /// <inheritdoc/>
    public string User() => System.Environment.UserName;

    /// <inheritdoc/>
    public RunOwner CurrentOwner() => _owner.Value;

    /// <inheritdoc/>
    public bool IsAlive(RunOwner owner)
    {
        if (!string.Equals(owner.Host, System.Environment.MachineName, StringComparison.OrdinalIgnoreCase)) return true;
        if (owner.ProcessId == System.Environment.ProcessId && owner.ProcessStart == _owner.Value.ProcessStart) return true;
        try
        {
            using var process = Process.GetProcessById(owner.ProcessId);
            if (process.HasExited || IsZombie(owner.ProcessId)) return false;
            return (process.StartTime.ToUniversalTime() - owner.ProcessStart.UtcDateTime).Duration() < TimeSpan.FromSeconds(2);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    private static RunOwner ReadOwner()
    {
        using var self = Process.GetCurrentProcess();
        return new RunOwner(System.Environment.MachineName, System.Environment.ProcessId, self.StartTime.ToUniversalTime());
    }

    // A killed child that its parent has not reaped yet still has a /proc entry, in state Z.
    private static bool IsZombie(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        if (!OperatingSystem.IsLinux() || !File.Exists(stat)) return false;
        var text = File.ReadAllText(stat);
        var close = text.LastIndexOf(')');
        return close > 0 && close + 2 < text.Length && text[close + 2] is 'Z' or 'X';
    }

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, string> LoadedAssemblies() => LoadedKeyAssemblies();

    private static Dictionary<string, string> LoadedKeyAssemblies()
    {
        var loaded = AppDomain.CurrentDomain.GetAssemblies()
            .GroupBy(a => a.GetName().Name ?? "")
            .ToDictionary(g => g.Key, g => g.First());
        return KeyAssemblies.Where(k => loaded.ContainsKey(k.Assembly)).ToDictionary(k => k.Label, k => VersionOf(loaded[k.Assembly]));
    }

    // read from the file's version resource: asking the assembly for its attributes resolves every attribute type, and
    // F# assemblies (Plotly.NET) then pull in an FSharp.Core the notebook host cannot load
    private static string VersionOf(Assembly assembly)
    {
        var product = string.IsNullOrEmpty(assembly.Location) ? null : FileVersionInfo.GetVersionInfo(assembly.Location).ProductVersion;
        return !string.IsNullOrEmpty(product) ? product.Split('+')[0] : assembly.GetName().Version?.ToString() ?? "unknown";
    }
}

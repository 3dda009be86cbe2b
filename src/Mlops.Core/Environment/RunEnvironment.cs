namespace Mlops;

/// <summary>Where a run ran, captured at its start.</summary>
/// <param name="OperatingSystem">OS description, e.g. "Debian GNU/Linux 12".</param>
/// <param name="Runtime">.NET runtime, e.g. ".NET 10.0.12".</param>
/// <param name="ProcessArchitecture">x64, arm64, ...</param>
/// <param name="Assemblies">Versions of the key loaded assemblies (ML.NET, DuckDB, this package, the notebook host).</param>
/// <param name="GitCommit">HEAD of the repository holding the working folder, if any.</param>
/// <param name="GitDirty">Whether that work tree had uncommitted changes; null when unknown.</param>
/// <param name="GitBranch">The checked-out branch, if any.</param>
/// <param name="User">The user name.</param>
/// <param name="Machine">The machine name.</param>
/// <param name="WorkingDirectory">The working folder.</param>
/// <param name="ProcessId">The process that ran the run.</param>
public sealed record RunEnvironment(
    string OperatingSystem,
    string Runtime,
    string ProcessArchitecture,
    IReadOnlyDictionary<string, string> Assemblies,
    string? GitCommit,
    bool? GitDirty,
    string? GitBranch,
    string User,
    string Machine,
    string WorkingDirectory,
    int ProcessId);

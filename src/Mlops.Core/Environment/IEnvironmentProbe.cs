namespace Mlops;

/// <summary>What services may know of the process and machine; injected so tests can pin it.</summary>
public interface IEnvironmentProbe
{
    /// <summary>The environment of the current process, for a run starting now.</summary>
    RunEnvironment Capture();

    /// <summary>Who is acting: the user name recorded on commits, registrations and decisions (cheap: no git, no process).</summary>
    string User() => Capture().User;

    /// <summary>Versions of the key assemblies loaded now (cheap: no git, no process).</summary>
    IReadOnlyDictionary<string, string> LoadedAssemblies();

    /// <summary>The current process as the owner of runs it starts.</summary>
    RunOwner CurrentOwner();

    /// <summary>Whether the owner process still runs. Only answerable for owners on this host; others count as alive.</summary>
    bool IsAlive(RunOwner owner);
}

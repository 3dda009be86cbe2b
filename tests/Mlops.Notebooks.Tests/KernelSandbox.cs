using Mlops.Cli.Notebooks;

[assembly: CollectionBehavior(DisableTestParallelization = true)] // each test runs a real kernel; two cores

namespace Mlops.Notebooks.Tests;

/// <summary>
/// What every notebook run in these tests shares: the repository, its local package feed, and a private HOME,
/// NUGET_PACKAGES and TMPDIR for the kernel, so nothing the kernel caches leaks in from, or out to, the machine.
/// </summary>
public sealed class KernelSandbox : IDisposable
{
    public KernelSandbox()
    {
        Root = Path.Combine(Path.GetTempPath(), "mlops-kernels-" + Guid.NewGuid().ToString("N")[..10]);
        foreach (var dir in new[] { Home, Packages, Temp }) Directory.CreateDirectory(dir);
        Repository = FindRepository();
        Feed = Path.Combine(Repository, "artifacts", "packages");
        if (!Directory.EnumerateFiles(Feed, "Mlops.Interactive.*.nupkg").Any())
            throw new InvalidOperationException($"no Mlops.Interactive package in {Feed}; building Mlops.Cli should have packed it.");
    }

    public string Root { get; }

    public string Home => Path.Combine(Root, "home");

    public string Packages => Path.Combine(Root, "nuget");

    public string Temp => Path.Combine(Root, "tmp");

    public string Repository { get; }

    public string Feed { get; }

    public string Notebook(string name) => Path.Combine(Repository, "notebooks", name);

    /// <summary>Runner options with the sandbox's environment, the local feed, and <paramref name="store"/> as MLOPS_STORE.</summary>
    internal NotebookRunOptions Options(string store) => NotebookRunOptions.Default with
    {
        NuGetSources = [Feed],
        Environment = new Dictionary<string, string?>
        {
            ["HOME"] = Home,
            ["NUGET_PACKAGES"] = Packages,
            ["TMPDIR"] = Temp,
            ["DOTNET_CLI_HOME"] = Home,
            ["MLOPS_STORE"] = store,
        },
    };

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { /* a kernel's leftover socket; the temp folder is cleaned by the OS */ }
    }

    private static string FindRepository()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Mlops.Interactive.sln"))) return dir.FullName;
        throw new InvalidOperationException("the tests must run from inside the repository");
    }
}

[CollectionDefinition(Name)]
public sealed class KernelCollection : ICollectionFixture<KernelSandbox>
{
    public const string Name = "real kernel";
}

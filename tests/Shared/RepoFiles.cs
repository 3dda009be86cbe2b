using System.Xml.Linq;

namespace Mlops.TestSupport;

/// <summary>Facts the repository's own build files state (package versions, the version prefix), for tests that check what a run records.</summary>
public static class RepoFiles
{
    public static string Root { get; } = FindRoot();

    /// <summary>The version Directory.Packages.props pins for a package.</summary>
    public static string PackageVersion(string package) =>
        XDocument.Load(Path.Combine(Root, "Directory.Packages.props")).Descendants("PackageVersion")
            .Single(e => (string?)e.Attribute("Include") == package).Attribute("Version")!.Value;

    /// <summary>A property Directory.Build.props sets.</summary>
    public static string Property(string name) =>
        XDocument.Load(Path.Combine(Root, "Directory.Build.props")).Descendants(name).Single().Value;

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Mlops.Interactive.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no Mlops.Interactive.sln above {AppContext.BaseDirectory}");
    }
}

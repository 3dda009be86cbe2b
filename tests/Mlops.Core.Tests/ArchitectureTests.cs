using System.Xml.Linq;

namespace Mlops.Core.Tests;

/// <summary>The dependency rule of ARCHITECTURE.md, checked on the project files so it cannot drift.</summary>
public class ArchitectureTests
{
    private static readonly string[] HostPackages =
        ["Microsoft.DotNet.Interactive", "Microsoft.DotNet.Interactive.CSharp", "Microsoft.DotNet.Interactive.Formatting", "Microsoft.DotNet.Interactive.PackageManagement"];

    [Fact]
    public void Core_references_nothing_of_ours_and_no_host_chart_or_database_package()
    {
        var core = Project("Mlops.Core");
        Assert.Empty(core.Projects);
        Assert.DoesNotContain(core.Packages, p => p.StartsWith("Microsoft.DotNet.Interactive", StringComparison.Ordinal) || p.StartsWith("Plotly", StringComparison.Ordinal) || p.StartsWith("DuckDB", StringComparison.Ordinal) || p.StartsWith("Npgsql", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Mlops.DuckDb")]
    [InlineData("Mlops.Postgres")]
    [InlineData("Mlops.Charts")]
    [InlineData("Mlops.MLNet")]
    public void Engines_and_renderers_reference_only_core(string name)
    {
        Assert.Equal(["Mlops.Core"], Project(name).Projects);
    }

    [Fact]
    public void Only_the_extension_references_the_notebook_host()
    {
        var projects = Directory.GetDirectories(Path.Combine(Repository, "src")).Select(Path.GetFileName).Where(p => File.Exists(ProjectPath(p!))).ToList();
        Assert.Contains("Mlops.Interactive", projects);
        foreach (var project in projects)
        {
            var host = Project(project!).Packages.Intersect(HostPackages).ToList();
            if (project == "Mlops.Interactive") Assert.NotEmpty(host);
            else Assert.True(host.Count == 0, $"{project} references the notebook host: {string.Join(", ", host)}");
        }
    }

    private static (IReadOnlyList<string> Projects, IReadOnlyList<string> Packages) Project(string name)
    {
        var xml = XDocument.Load(ProjectPath(name));
        var projects = xml.Descendants("ProjectReference").Select(e => Path.GetFileNameWithoutExtension(e.Attribute("Include")!.Value)).Order().ToList();
        var packages = xml.Descendants("PackageReference").Select(e => e.Attribute("Include")!.Value).ToList();
        return (projects, packages);
    }

    private static string ProjectPath(string name) => Path.Combine(Repository, "src", name, $"{name}.csproj");

    private static string Repository
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Mlops.Interactive.sln"))) return dir.FullName;
            throw new InvalidOperationException("run the tests inside the repository");
        }
    }
}

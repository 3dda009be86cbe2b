using System.Diagnostics;
using Mlops.Cli.Notebooks;

namespace Mlops.Notebooks.Tests;

[Collection(KernelCollection.Name)]
public class RunnerTests(KernelSandbox sandbox)
{
    // notebooks whose outputs a test of their own checks; every other notebook must at least run top to bottom
    private static readonly string[] CheckedElsewhere = ["01-quickstart.ipynb", "02-datasets.ipynb", "03-model-registry.ipynb", "04-compare-and-report.ipynb", "05-parameters.ipynb"];

    [Fact]
    public async Task Every_other_notebook_in_the_repository_runs_top_to_bottom()
    {
        var notebooks = Directory.GetFiles(Path.Combine(sandbox.Repository, "notebooks"), "*.ipynb").Order().ToList();
        Assert.All(CheckedElsewhere, name => Assert.Contains(notebooks, n => Path.GetFileName(n) == name));
        foreach (var path in notebooks.Where(p => !CheckedElsewhere.Contains(Path.GetFileName(p))))
        {
            using var run = await NotebookRun.ExecuteAsync(sandbox, path);
            run.ShouldSucceed();
        }
    }

    [Fact]
    public async Task The_cli_names_the_failing_cell_and_its_error_and_exits_non_zero()
    {
        var folder = Path.Combine(sandbox.Root, "failing");
        Directory.CreateDirectory(folder);
        var notebook = Path.Combine(folder, "failing.dib");
        await File.WriteAllTextAsync(notebook, """
            #!markdown

            # A notebook whose second code cell throws

            #!csharp

            Console.WriteLine("first cell ran");

            #!csharp

            throw new InvalidOperationException("the data file is missing");

            #!csharp

            Console.WriteLine("never runs");
            """);

        // run from the repository (its tool manifest declares the kernel) with an empty NuGet folder, so the runner
        // also has to restore the dotnet-interactive tool itself, as on a fresh machine
        var cli = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = sandbox.Repository };
        var output = Path.Combine(folder, "out.ipynb");
        var html = Path.Combine(folder, "out.html");
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "Mlops.Cli.dll"), "notebook", "run", notebook, "--out", output, "--html", html })
            cli.ArgumentList.Add(arg);
        foreach (var (key, value) in sandbox.Options(Path.Combine(folder, "store")).Environment) cli.Environment[key] = value;
        cli.Environment["NUGET_PACKAGES"] = Path.Combine(folder, "fresh-nuget");
        using var process = Process.Start(cli)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));

        Assert.Equal(1, process.ExitCode);
        Assert.Contains("cell 3 of failing.dib failed", await stderr);
        Assert.Contains("the data file is missing", await stderr);
        var progress = await stdout;
        Assert.Contains("[ 1/3] cell 2", progress);
        Assert.Contains("FAILED", progress);
        Assert.Contains("running dotnet tool restore", progress);
        Assert.DoesNotContain("never runs\n", await File.ReadAllTextAsync(output));
        Assert.Contains("first cell ran", await File.ReadAllTextAsync(output));
        Assert.Contains("the data file is missing", await File.ReadAllTextAsync(html));
    }

    [Fact]
    public void A_missing_or_foreign_file_is_refused_with_the_reason()
    {
        Assert.Contains("does not exist", Assert.Throws<NotebookException>(() => NotebookDocument.Load("nope.ipynb")).Message);
        var text = Path.Combine(sandbox.Root, "notes.txt");
        File.WriteAllText(text, "hello");
        Assert.Contains("give an .ipynb or .dib file", Assert.Throws<NotebookException>(() => NotebookDocument.Load(text)).Message);
        var broken = Path.Combine(sandbox.Root, "broken.ipynb");
        File.WriteAllText(broken, "{ not json");
        Assert.Contains("could not be read as a notebook", Assert.Throws<NotebookException>(() => NotebookDocument.Load(broken)).Message);
    }
}

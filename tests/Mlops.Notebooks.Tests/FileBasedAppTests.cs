using System.Diagnostics;

namespace Mlops.Notebooks.Tests;

[Collection(KernelCollection.Name)]
public class FileBasedAppTests(KernelSandbox sandbox)
{
    [Fact]
    public async Task A_dotnet_run_app_cs_script_tracks_a_run_with_the_packaged_library()
    {
        var folder = Path.Combine(sandbox.Root, "script-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        var store = Path.Combine(folder, "store");
        await File.WriteAllTextAsync(Path.Combine(folder, "train.cs"), $$"""
            #:package Mlops@0.1.0-*
            #:property RestoreAdditionalProjectSources={{sandbox.Feed}}
            using Mlops;

            using var mlops = MlopsClient.Open(args[0]);
            mlops.Run("from-a-script", run =>
            {
                run.LogParams(new { lr = 0.1, epochs = 50 });
                for (var epoch = 0; epoch < 50; epoch++) run.LogMetric("loss", 1.0 / (epoch + 1), epoch);
            });
            try
            {
                mlops.Run("throws", run => throw new InvalidOperationException("diverged"));
            }
            catch (InvalidOperationException) { }
            Console.WriteLine("done");
            """);

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = folder };
        foreach (var arg in new[] { "run", "train.cs", "--", store }) start.ArgumentList.Add(arg);
        start.Environment["NUGET_PACKAGES"] = sandbox.Packages;
        start.Environment["DOTNET_CLI_HOME"] = sandbox.Home;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
        Assert.True(process.ExitCode == 0, $"{await output}\n{await error}");

        using var client = MlopsClient.Open(store);
        var runs = client.ListRuns();
        Assert.Equal(["throws", "from-a-script"], runs.Select(r => r.Info.Name));
        Assert.Equal(RunStatus.Failed, runs[0].Info.Status);
        Assert.Equal("InvalidOperationException: diverged", runs[0].Info.StatusReason);
        Assert.Equal(RunStatus.Finished, runs[1].Info.Status);
        Assert.Equal(50, client.GetRun(runs[1].Info.Id.Value).Metrics.Single().Count);
        Assert.Equal("50", runs[1].Params["epochs"]);
    }
}

using Microsoft.Data.Analysis;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;

[assembly: CollectionBehavior(DisableTestParallelization = true)] // formatters and MLOps are process-global

namespace Mlops.Interactive.Tests;

/// <summary>
/// An in-process kernel set up as the notebook host sets up C# (KernelBuilder in the dotnet-interactive tool), with the
/// extension loaded and the static MLOps pointed at a fresh store folder.
/// </summary>
public sealed class TestKernel : IDisposable
{
    private TestKernel(CompositeKernel kernel, string folder)
    {
        Kernel = kernel;
        Folder = folder;
    }

    public CompositeKernel Kernel { get; }

    public string Folder { get; }

    public string Store => Path.Combine(Folder, "store");

    public static async Task<TestKernel> StartAsync()
    {
        Formatter.ResetToDefault();
        MLOps.Reset();
        Charts.ResetSession();
        var folder = Path.Combine(Path.GetTempPath(), "mlops-kernel-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(folder);
        var csharp = new CSharpKernel().UseKernelHelpers().UseValueSharing();
        csharp.AddAssemblyReferences([typeof(DataFrame).Assembly.Location, typeof(MLOps).Assembly.Location, typeof(RunStatus).Assembly.Location,
            typeof(Mlops.MLNet.TrainedModel).Assembly.Location, typeof(Microsoft.ML.MLContext).Assembly.Location, typeof(Microsoft.ML.IDataView).Assembly.Location,
            typeof(Microsoft.ML.IEstimator<>).Assembly.Location, typeof(Microsoft.ML.Trainers.LbfgsLogisticRegressionBinaryTrainer).Assembly.Location,
            typeof(Microsoft.ML.Transforms.OneHotEncodingEstimator).Assembly.Location]);
        var kernel = new CompositeKernel { csharp };
        kernel.DefaultKernelName = "csharp";
        await new MlopsKernelExtension().OnLoadAsync(kernel);
        var test = new TestKernel(kernel, folder);
        (await test.SubmitAsync($"#!mlops use \"{test.Store}\"")).ShouldSucceed();
        return test;
    }

    public Task<KernelCommandResult> SubmitAsync(string code) => Kernel.SendAsync(new SubmitCode(code));

    public void Dispose()
    {
        MLOps.Reset();
        Kernel.Dispose();
        Directory.Delete(Folder, recursive: true);
    }
}

public static class ResultExtensions
{
    public static string Html(this KernelCommandResult r) =>
        string.Join("\n", r.Events.OfType<DisplayEvent>().SelectMany(e => e.FormattedValues).Where(v => v.MimeType == "text/html").Select(v => v.Value));

    public static object? ReturnValue(this KernelCommandResult r) => r.Events.OfType<ReturnValueProduced>().Single().Value;

    public static void ShouldSucceed(this KernelCommandResult r)
    {
        var failure = r.Events.OfType<CommandFailed>().FirstOrDefault();
        Assert.True(failure is null, $"Command failed: {failure?.Message}\n{failure?.Exception}");
    }

    public static string ShouldFail(this KernelCommandResult r)
    {
        var failure = r.Events.OfType<CommandFailed>().FirstOrDefault();
        Assert.True(failure is not null, "Expected the command to fail, but it succeeded:\n" + r.Html());
        return failure!.Message;
    }
}

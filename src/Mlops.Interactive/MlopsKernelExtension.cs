using System.Reflection;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;
using Mlops.Charts;

namespace Mlops.Interactive;

/// <summary>
/// Loaded by the notebook host after <c>#r "nuget: Mlops.Interactive"</c> (the DLL sits in
/// <c>interactive-extensions/dotnet</c>). Adds <c>#!mlops</c>, <c>#!experiment</c>, <c>#!run</c>, <c>#!dataset</c> and <c>#!model</c>, display
/// formatters, and <c>using Mlops; using Mlops.MLNet;</c> in C# cells. Everything it does is also plain C# through <see cref="MLOps"/>.
/// </summary>
public sealed class MlopsKernelExtension : IKernelExtension
{
    /// <inheritdoc/>
    public async Task OnLoadAsync(Kernel kernel)
    {
        var root = kernel.RootKernel;
        MlopsFormatters.Register();
        MLOps.LiveDisplay = new KernelLiveDisplay();
        var mlops = MlopsDirectives.Create();
        var experiment = ExperimentDirectives.Create();
        var run = RunDirectives.Create();
        var dataset = DatasetDirectives.Create();
        var model = ModelDirectives.Create();
        LifecycleDirectives.Extend(run, experiment, mlops);
        IReadOnlyList<Microsoft.DotNet.Interactive.Directives.KernelActionDirective> all = [mlops, experiment, run, dataset, model];
        MlopsDirectives.Register(root, mlops, all);
        ExperimentDirectives.Register(root, experiment);
        RunDirectives.Register(root, run);
        DatasetDirectives.Register(root, dataset);
        ModelDirectives.Register(root, model);
        LifecycleDirectives.Register(root, run, experiment, mlops);
        await ImportNamespaceAsync(root);

        var version = typeof(MlopsKernelExtension).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0];
        KernelInvocationContext.Current?.DisplayAs(Html.Wrap(
            $"<p><b>Mlops.Interactive {Html.E(version)}</b> loaded: <code>#!mlops</code>, <code>#!experiment</code>, <code>#!run</code>, <code>#!dataset</code>, <code>#!model</code> " +
            $"and <code>MLOps</code> in C#. Store: <code>{Html.E(StoreLocation.Describe())}</code> unless <code>#!mlops use</code> says otherwise. " +
            "Try <code>#!mlops help</code>.</p>"), "text/html");
    }

    private static async Task ImportNamespaceAsync(Kernel root)
    {
        if (root.FindKernelByName("csharp") is not CSharpKernel csharp) return;
        var submit = new SubmitCode("using Mlops;\nusing Mlops.MLNet;");
        if (KernelInvocationContext.Current?.Command is { } parent) submit.SetParent(parent);
        await csharp.SendAsync(submit);
    }
}

using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;

namespace Mlops.Interactive;

/// <summary>Puts values into the notebook's C# variables (notebook-host-facts.md section 6).</summary>
internal static class KernelValues
{
    /// <summary>Reads a C# variable of the notebook; false when there is none of that name.</summary>
    public static bool TryGet(KernelInvocationContext context, string name, out object? value)
    {
        value = null;
        return context.HandlingKernel.RootKernel.FindKernelByName("csharp") is CSharpKernel csharp
               && csharp.TryGetValue<object>(name, out value);
    }

    public static async Task SetAsync<T>(KernelInvocationContext context, string name, T value)
    {
        var kernel = context.HandlingKernel.RootKernel.FindKernelByName("csharp")
                     ?? throw new MlopsException(MlopsErrorKind.InvalidState, "--into needs the C# kernel, and this notebook has none.");
        if (kernel is CSharpKernel csharp)
        {
            await csharp.SetValueAsync(name, value!, typeof(T));
            return;
        }
        var send = new SendValue(name, value);
        send.SetParent(context.Command, bubbleEvents: true);
        await kernel.SendAsync(send);
    }
}
